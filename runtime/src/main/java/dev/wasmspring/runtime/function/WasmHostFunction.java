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

package dev.wasmspring.runtime.function;

import java.util.Map;

import dev.wasmspring.runtime.exception.WasmCallException;

/**
 * A function the host provides to guests under an import name. Implementations are shared
 * by every instance that links them, on every thread, so they must be thread-safe;
 * per-call state comes through the {@link WasmCallContext} of the calling instance.
 * <p>
 * Most applications do not implement this directly: {@code @WasmImport} methods on Spring
 * beans become host functions.
 */
public interface WasmHostFunction {

	/**
	 * Return the import module name, for example {@code env}.
	 * @return the module name
	 */
	String module();

	/**
	 * Return the import name.
	 * @return the name
	 */
	String name();

	/**
	 * Return the signature the function implements.
	 * @return the signature
	 */
	WasmFunctionType type();

	/**
	 * Return a description of the implementation, for error messages (for example a Java
	 * method).
	 * @return the description
	 */
	default String description() {
		return module() + "." + name() + type();
	}

	/**
	 * Return the functions the calling module must export for this function to work, by
	 * export name. For example, a function that hands text back to the guest writes it
	 * through the guest's allocator {@code alloc(i32) -> i32}. A module that imports this
	 * function but lacks one of these exports fails to link.
	 * @return the required exports, by name; empty by default
	 */
	default Map<String, WasmFunctionType> requiredExports() {
		return Map.of();
	}

	/**
	 * Run the function. Arguments and results are raw WebAssembly values: {@code i32} in
	 * the low 32 bits, floats as their IEEE bits.
	 * @param context the context of the calling instance
	 * @param args the arguments
	 * @return the results ({@code null} or empty for none)
	 * @throws Exception any failure, which ends the guest's call with a
	 * {@link WasmCallException} (HOST_FUNCTION_FAILED)
	 */
	long[] invoke(WasmCallContext context, long[] args) throws Exception;

}
