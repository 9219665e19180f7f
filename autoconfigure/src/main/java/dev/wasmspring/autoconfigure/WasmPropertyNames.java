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

import dev.wasmspring.runtime.exception.WasmSettingNames;

/**
 * Names settings in runtime messages by the {@code wasm.*} configuration properties that
 * change them.
 */
final class WasmPropertyNames implements WasmSettingNames {

	@Override
	public String timeout(String moduleName) {
		return "wasm.modules." + moduleName + ".timeout";
	}

	@Override
	public String maxMemory(String moduleName) {
		return "wasm.modules." + moduleName + ".max-memory";
	}

	@Override
	public String extismMaxPages(String moduleName) {
		return "wasm.modules." + moduleName + ".extism.max-pages";
	}

	@Override
	public String defaultMaxMemory() {
		return "wasm.max-memory";
	}

	@Override
	public String allowedImports(String moduleName) {
		return "wasm.modules." + moduleName + ".allowed-imports";
	}

	@Override
	public String wasiEnabled(String moduleName) {
		return "wasm.modules." + moduleName + ".wasi.enabled=true";
	}

	@Override
	public String location(String moduleName) {
		return "wasm.modules." + moduleName + ".location";
	}

	@Override
	public String snapshot(String moduleName) {
		return "wasm.modules." + moduleName + ".snapshot";
	}

	@Override
	public String engine() {
		return "wasm.engine";
	}

	@Override
	public String maxTableElements(String moduleName) {
		return "wasm.modules." + moduleName + ".max-table-elements (or wasm.max-table-elements for every module)";
	}

	@Override
	public String memoryBudget() {
		return "wasm.memory-budget";
	}

	@Override
	public String maxAnswerSize(String moduleName) {
		return "wasm.modules." + moduleName + ".max-answer-size (or wasm.max-answer-size for every module)";
	}

	@Override
	public String fuel(String moduleName) {
		return "wasm.modules." + moduleName + ".fuel (or wasm.fuel for every module)";
	}

	@Override
	public String instanceFuel(String moduleName) {
		return "wasm.modules." + moduleName + ".instance-fuel";
	}

	@Override
	public String maxModuleSize() {
		return "wasm.max-module-size";
	}

	@Override
	public String compileTimeout() {
		return "wasm.compile-timeout";
	}

	@Override
	public String wasiMaxOpenFiles() {
		return "wasm.wasi-max-open-files";
	}

}
