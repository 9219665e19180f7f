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

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.wasmspring.autoconfigure.WasmHostFunctionSource;
import dev.wasmspring.autoconfigure.WasmProperties;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmImportDescriptor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Provides a recording stub for every function import of the configured modules that no
 * other host function provides, so that a slice leaving the {@code @WasmImport} beans out
 * still links its modules. WASI and other imports the runtime provides itself are left to
 * it. Asked once, when the modules are loaded.
 */
final class StubbedImports implements WasmHostFunctionSource {

	/**
	 * Where a module is looked for when it names no location, as the auto-configuration
	 * does.
	 */
	private static final String DEFAULT_LOCATION_PATTERN = "classpath:wasm/%s.wasm";

	private final WasmRuntime runtime;

	private final WasmProperties properties;

	private final ResourceLoader resourceLoader;

	private final ObjectProvider<WasmHostFunctionSource> sources;

	private final WasmHostCalls calls;

	StubbedImports(WasmRuntime runtime, WasmProperties properties, ResourceLoader resourceLoader,
			ObjectProvider<WasmHostFunctionSource> sources, WasmHostCalls calls) {
		this.runtime = runtime;
		this.properties = properties;
		this.resourceLoader = resourceLoader;
		this.sources = sources;
		this.calls = calls;
	}

	@Override
	public List<WasmHostFunction> hostFunctions() {
		Set<String> provided = new HashSet<>();
		this.runtime.hostFunctions().forEach((function) -> provided.add(function.module() + "." + function.name()));
		this.sources.orderedStream()
			.filter((source) -> source != this)
			.forEach((source) -> source.hostFunctions()
				.forEach((function) -> provided.add(function.module() + "." + function.name())));
		List<WasmHostFunction> stubs = new ArrayList<>();
		this.properties.getModules().forEach((name, module) -> {
			String location = (module.getLocation() != null) ? module.getLocation()
					: DEFAULT_LOCATION_PATTERN.formatted(name);
			for (WasmImportDescriptor imported : imports(location)) {
				if (!isRuntimeProvided(imported.module()) && provided.add(imported.qualifiedName())) {
					stubs.add(new RecordingHostFunction(imported.module(), imported.name(), imported.type(), null,
							this.calls));
				}
			}
		});
		return stubs;
	}

	private List<WasmImportDescriptor> imports(String location) {
		Resource resource = this.resourceLoader.getResource(location);
		byte[] bytes;
		try (InputStream input = resource.getInputStream()) {
			bytes = input.readAllBytes();
		}
		catch (IOException ex) {
			return List.of(); // loading the module reports it
		}
		try (CompiledModule module = this.runtime.compile(bytes)) {
			return module.imports();
		}
		catch (WasmException ex) {
			return List.of(); // loading the module reports it
		}
	}

	private static boolean isRuntimeProvided(String importModule) {
		// Extism's kernel is the runtime's; extism:host/user and the like are the
		// application's host functions
		return importModule.startsWith("wasi_") || importModule.equals("extism:host/env");
	}

}
