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

package dev.wasmspring.autoconfigure.observation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.internal.compile.BuildTimeCode;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wasm.modules.loads} counts a module loaded on first use from code compiled at
 * build time under {@code wasm.code=build-time}.
 */
class WasmBuildTimeLoadsMetricsTests {

	@TempDir
	Path classes;

	@Test
	void aLoadFromCodeCompiledAtBuildTimeIsTaggedBuildTime() throws IOException {
		byte[] bytes;
		try (InputStream in = getClass().getResourceAsStream("/wasm/add.wasm")) {
			bytes = in.readAllBytes();
		}
		Path file = this.classes.resolve(BuildTimeCode.resourceName(BuildTimeCode.digest(bytes)));
		Files.createDirectories(file.getParent());
		Files.write(file, BuildTimeCode.compile(bytes, "add.wasm"));
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { this.classes.toUri().toURL() }, previous);
				WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build()) {
			thread.setContextClassLoader(loader);
			MeterRegistry registry = new SimpleMeterRegistry();
			new WasmInstanceMetrics(runtime, List.of("add")).bindTo(registry);
			runtime.defineLazily(WasmModuleDefinition.of("add", ModuleSource.of("memory:add", bytes)));
			try (WasmInstance instance = runtime.newInstance("add")) {
				assertThat(instance.callRaw("add", 1, 2)[0]).isEqualTo(3);
			}
			assertThat(registry.get("wasm.modules.loads").tag("wasm.code", "build-time").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("wasm.modules.loads").tag("wasm.code", "compiled").functionCounter().count())
				.isZero();
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

}
