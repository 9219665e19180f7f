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

package dev.wasmspring.test;

import org.jspecify.annotations.Nullable;

/**
 * What a stubbed host function answers the guest. Called on the thread of the guest's
 * call, possibly from several threads at once, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface WasmHostAnswer {

	/**
	 * Answer a call.
	 * @param call the call, whose arguments and guest memory can be read while it runs
	 * @return the result: {@code null} for none, an {@code Integer}, {@code Long},
	 * {@code Float}, {@code Double} or {@code Boolean} for the import's single result, or
	 * a {@code long[]} of raw WebAssembly values
	 * @throws Exception any failure, which fails the guest's call as a failing host
	 * function does
	 */
	@Nullable Object answer(WasmHostCall call) throws Exception;

}
