/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wasmspring.runtime.statistics;

import dev.wasmspring.runtime.WasmRuntime;

/**
 * The usage of a runtime's memory budget at one moment
 * ({@link WasmRuntime#memoryUsage()}): the heap every instance together may make the host
 * hold, and how much of it is reserved. Immutable: safe to share between threads, nothing
 * to close.
 *
 * @param budgetBytes the budget ({@link WasmRuntime.Builder#withMemoryBudget(Long)})
 * @param reservedBytes the bytes reserved now
 * @param peakBytes the most bytes reserved at once since the runtime was built
 * @param refusals how many reservations the budget refused since the runtime was built
 */
public record WasmMemoryUsage(long budgetBytes, long reservedBytes, long peakBytes, long refusals) {

	/**
	 * Return the bytes still free.
	 * @return the budget less what is reserved
	 */
	public long freeBytes() {
		return Math.max(0, this.budgetBytes - this.reservedBytes);
	}

}
