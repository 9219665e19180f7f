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

package dev.wasmspring.runtime.internal.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * The effective size range of a module's memory, in 64 KiB pages: its declared minimum
 * and the smaller of its declared maximum and the configured limit. Immutable.
 *
 * @param minPages the initial size
 * @param maxPages the most the memory may grow to
 */
public record MemoryBounds(int minPages, int maxPages) {

	/** The most pages the engine can address. */
	public static final int ENGINE_MAX_PAGES = Memory.RUNTIME_MAX_PAGES;

	/**
	 * Return the bounds in the engine's terms.
	 * @return the engine's limits
	 */
	public MemoryLimits toLimits() {
		return new MemoryLimits(this.minPages, this.maxPages);
	}

}
