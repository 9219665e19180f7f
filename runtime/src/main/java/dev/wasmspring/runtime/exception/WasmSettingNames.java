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

import dev.wasmspring.runtime.module.WasmModuleDefinition;

/**
 * How error messages name the settings a user can change: a message that says "raise the
 * timeout" names the timeout the way the user set it. The runtime's own names speak of
 * its builder and {@link WasmModuleDefinition}; an integration (such as the Spring Boot
 * auto-configuration) supplies the names of its configuration properties instead.
 * <p>
 * Implementations must be stateless and thread-safe: the runtime calls them from any
 * thread, only when it builds a message.
 */
public interface WasmSettingNames {

	/** Names in the runtime's own terms. */
	WasmSettingNames RUNTIME = new WasmSettingNames() {
	};

	/**
	 * Name the setting for a module's call timeout.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String timeout(String moduleName) {
		return "the timeout of module '" + moduleName + "' (WasmModuleDefinition.withTimeout)";
	}

	/**
	 * Name the setting for a module's fuel budget per call.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String fuel(String moduleName) {
		return "the fuel budget of module '" + moduleName
				+ "' (WasmModuleDefinition.withFuel, or WasmRuntime.Builder.withDefaultFuel)";
	}

	/**
	 * Name the setting for a module's fuel budget per instance across its calls.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String instanceFuel(String moduleName) {
		return "the fuel budget per instance of module '" + moduleName + "' (WasmModuleDefinition.withInstanceFuel)";
	}

	/**
	 * Name the setting for a module's memory limit.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String maxMemory(String moduleName) {
		return "the memory limit of module '" + moduleName + "' (WasmModuleDefinition.withMaxMemory)";
	}

	/**
	 * Name the setting for an Extism plugin's budget of memory growth after instantiation
	 * (Extism's {@code memory.max_pages}).
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String extismMaxPages(String moduleName) {
		return "the Extism max pages of module '" + moduleName + "' (ExtismConfig.withMaxPages)";
	}

	/**
	 * Name the setting for the memory limit of modules that set none.
	 * @return the setting's name
	 */
	default String defaultMaxMemory() {
		return "the runtime's default memory limit (WasmRuntime.Builder.withDefaultMaxMemory)";
	}

	/**
	 * Name the setting for the host modules a module may import from.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String allowedImports(String moduleName) {
		return "the allowed imports of module '" + moduleName + "' (WasmModuleDefinition.withAllowedImportModules)";
	}

	/**
	 * Name the setting that gives a module a WASI sandbox.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String wasiEnabled(String moduleName) {
		return "WASI for module '" + moduleName + "' (WasmModuleDefinition.withWasi)";
	}

	/**
	 * Name the setting that defines a module.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String location(String moduleName) {
		return "a definition of module '" + moduleName + "' (WasmRuntime.define)";
	}

	/**
	 * Name the setting that starts a module's instances from a snapshot.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String snapshot(String moduleName) {
		return "the snapshot of module '" + moduleName + "' (WasmModuleDefinition.withSnapshot)";
	}

	/**
	 * Name the setting that chooses the engine.
	 * @return the setting's name
	 */
	default String engine() {
		return "the runtime's engine (WasmRuntime.Builder.withEngine)";
	}

	/**
	 * Name the setting for how many table elements an instance of a module may hold.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String maxTableElements(String moduleName) {
		return "the table-element limit of module '" + moduleName + "' (WasmModuleDefinition.withMaxTableElements)";
	}

	/**
	 * Name the setting for the largest module that may be loaded.
	 * @return the setting's name
	 */
	default String maxModuleSize() {
		return "the runtime's module size limit (WasmRuntime.Builder.withMaxModuleSize)";
	}

	/**
	 * Name the setting for how long loading a module waits for its compilation.
	 * @return the setting's name
	 */
	default String compileTimeout() {
		return "the runtime's compile timeout (WasmRuntime.Builder.withCompileTimeout)";
	}

	/**
	 * Name the setting for the runtime's memory budget.
	 * @return the setting's name
	 */
	default String memoryBudget() {
		return "the runtime's memory budget (WasmRuntime.Builder.withMemoryBudget)";
	}

	/**
	 * Name the setting for a module's answer-size limit.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String maxAnswerSize(String moduleName) {
		return "the answer-size limit of module '" + moduleName + "' (WasmModuleDefinition.withMaxAnswerSize)";
	}

	/**
	 * Name the setting for how many files the WASI guests of all modules may hold open at
	 * once.
	 * @return the setting's name
	 */
	default String wasiMaxOpenFiles() {
		return "the runtime's WASI open-file limit (WasmRuntime.Builder.withMaxWasiOpenFiles)";
	}

}
