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

package dev.wasmspring.runtime.exception;

import java.util.Collection;

/**
 * Thrown when an instance is requested for a module name that the runtime does not know.
 */
public class WasmModuleNotFoundException extends WasmException {

	public WasmModuleNotFoundException(String moduleName, Collection<String> known, String definitionSetting) {
		super(moduleName, "No WASM module named '" + moduleName + "' is defined (defined: " + known + "). Add "
				+ definitionSetting + ".", null);
	}

	/**
	 * Create an exception with a message of its own, for example for a module that is
	 * expected but not defined yet.
	 * @param moduleName the module
	 * @param message the message
	 */
	public WasmModuleNotFoundException(String moduleName, String message) {
		super(moduleName, message, null);
	}

}
