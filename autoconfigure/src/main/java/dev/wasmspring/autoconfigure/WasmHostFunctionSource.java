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

package dev.wasmspring.autoconfigure;

import java.util.Collection;

import dev.wasmspring.runtime.function.WasmHostFunction;

/**
 * Contributes host functions to the runtime when the configured modules are loaded, after
 * every singleton exists. The auto-configuration contributes {@code @WasmImport} methods
 * and {@link WasmHostFunction} beans. Asked once, on the thread that refreshes the
 * application context; the functions it returns are then called from every thread and
 * must be thread-safe.
 */
@FunctionalInterface
public interface WasmHostFunctionSource {

	/**
	 * Return the host functions to link.
	 * @return the host functions
	 */
	Collection<? extends WasmHostFunction> hostFunctions();

}
