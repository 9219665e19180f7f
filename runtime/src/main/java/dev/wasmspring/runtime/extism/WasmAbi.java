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

package dev.wasmspring.runtime.extism;

import dev.wasmspring.runtime.WasmInstance;

/**
 * How the host and a module exchange text and bytes, and so how
 * {@link WasmInstance#callText} and {@link WasmInstance#callBytes} reach the module.
 */
public enum WasmAbi {

	/**
	 * Decided by the module's imports: a module that imports from Extism's kernel
	 * ({@code extism:host/env}) is an Extism plugin, any other uses the standard ABI.
	 */
	AUTO,

	/**
	 * The starter's own ABI: {@code (ptr, len)} arguments, results packed
	 * {@code (ptr << 32) | len}, memory reserved through the guest's {@code alloc}.
	 */
	STANDARD,

	/**
	 * Extism's: exports {@code () -> i32} that read their input and set their output
	 * through the Extism kernel functions, which the runtime provides (see
	 * {@link ExtismConfig}).
	 */
	EXTISM

}
