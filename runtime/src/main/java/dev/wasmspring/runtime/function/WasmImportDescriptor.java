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

/**
 * A function a module imports. Immutable.
 *
 * @param module the import's module name, for example {@code env}
 * @param name the import's name
 * @param type the signature the guest expects
 */
public record WasmImportDescriptor(String module, String name, WasmFunctionType type) {

	/**
	 * Return {@code module.name}.
	 * @return the qualified name
	 */
	public String qualifiedName() {
		return this.module + "." + this.name;
	}

	@Override
	public String toString() {
		return qualifiedName() + type();
	}

}
