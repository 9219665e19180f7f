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

package dev.wasmspring.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;

/**
 * The test modules built from testing-wasm/src (see testing-wasm/README.md).
 */
public final class TestModules {

	private TestModules() {
	}

	public static byte[] bytes(String name) {
		try (InputStream in = TestModules.class.getResourceAsStream("/wasm/" + name)) {
			if (in == null) {
				throw new IllegalStateException("No test module /wasm/" + name);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static ModuleSource source(String name) {
		return ModuleSource.of("classpath:wasm/" + name, bytes(name));
	}

	public static WasmModuleDefinition definition(String moduleName, String file) {
		return WasmModuleDefinition.of(moduleName, source(file));
	}

	/**
	 * Every built module of the project and of the sample application, in name order:
	 * what the differential tests compare.
	 * @return the module files
	 * @throws IOException if a folder cannot be listed
	 */
	public static Stream<Path> everyModuleFile() throws IOException {
		List<Path> modules = new ArrayList<>();
		for (Path folder : List.of(Path.of("../testing-wasm/wasm"),
				Path.of("../sample-app/src/main/resources/plugins"))) {
			try (Stream<Path> files = Files.list(folder)) {
				files.filter((file) -> file.toString().endsWith(".wasm")).sorted().forEach(modules::add);
			}
		}
		return modules.stream();
	}

}
