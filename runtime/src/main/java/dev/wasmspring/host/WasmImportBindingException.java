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

package dev.wasmspring.host;

import dev.wasmspring.runtime.exception.WasmException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a {@link WasmImport @WasmImport} method cannot be bound as a
 * host function, for example because a parameter has a type that has no WebAssembly
 * mapping. The message names the method, the parameter and the supported types.
 */
public class WasmImportBindingException extends WasmException {

	private final String method;

	public WasmImportBindingException(String method, String message, @Nullable Throwable cause) {
		super(null, message, cause);
		this.method = method;
	}

	/**
	 * Return the method that could not be bound, as {@code Type#name(ParameterTypes)}
	 * and, for a bean, its name.
	 * @return the method
	 */
	public String getMethod() {
		return this.method;
	}

}
