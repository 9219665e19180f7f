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

import java.util.ArrayList;
import java.util.List;

import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.function.WasmHostFunction;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Loads the configured modules once every singleton exists, so that host functions from
 * any bean are known when the modules' imports are linked. A module that cannot be loaded
 * or linked fails the application's startup.
 */
final class WasmModuleInitializer implements SmartInitializingSingleton {

	private final WasmRuntime runtime;

	private final WasmModuleLoader loader;

	private final List<WasmHostFunctionSource> hostFunctionSources;

	WasmModuleInitializer(WasmRuntime runtime, WasmModuleLoader loader,
			List<WasmHostFunctionSource> hostFunctionSources) {
		this.runtime = runtime;
		this.loader = loader;
		this.hostFunctionSources = hostFunctionSources;
	}

	@Override
	public void afterSingletonsInstantiated() {
		// the runtime's own host functions (a user-defined runtime bean may bring some)
		// stay linked
		List<WasmHostFunction> hostFunctions = new ArrayList<>(this.runtime.hostFunctions());
		for (WasmHostFunctionSource source : this.hostFunctionSources) {
			hostFunctions.addAll(source.hostFunctions());
		}
		this.runtime.replaceHostFunctions(hostFunctions);
		this.loader.loadAll();
	}

}
