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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.module.WasmEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compilation cache with a code directory lets a restarted application load compiled
 * code instead of compiling again.
 */
class CodeDirectoryTests {

	@TempDir
	Path directory;

	@Test
	void aSecondCacheOverTheSameDirectoryLoadsTheCodeInsteadOfCompiling() throws IOException {
		String digest;
		CompilationCache first = CompilationCache.create(this.directory);
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(first).build()) {
			runtime.define(TestModules.definition("counter", "counter.wasm"));
			digest = runtime.statistics().modules().get("counter");
			assertThat(first.compilations(digest)).isEqualTo(1);
			assertThat(first.directoryLoads(digest)).isZero();
		}
		assertThat(jars()).hasSize(1);
		CompilationCache restarted = CompilationCache.create(this.directory);
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(restarted).build()) {
			runtime.define(TestModules.definition("counter", "counter.wasm"));
			assertThat(restarted.compilations(digest)).isZero();
			assertThat(restarted.directoryLoads(digest)).isEqualTo(1);
			try (WasmInstance instance = runtime.newInstance("counter")) {
				assertThat(instance.call("fib", 20)).isEqualTo(6765L);
			}
		}
		assertThat(restarted.codeDirectory()).startsWith(this.directory).isEqualTo(jars().get(0).getParent());
		// compiled code is only valid for the engine build that produced it
		assertThat(restarted.codeDirectory().getFileName().toString()).matches("chicory-[0-9]+\\.[0-9]+\\.[0-9]+.*");
	}

	@Test
	void aDamagedFileIsReplacedByCompilingAgain() throws IOException {
		CompilationCache first = CompilationCache.create(this.directory);
		first.compile(TestModules.bytes("add.wasm"), WasmEngine.COMPILER, "add", "add.wasm").close();
		Path file = jars().get(0);
		Files.write(file, new byte[] { 'P', 'K', 1, 2, 3 });
		CompilationCache restarted = CompilationCache.create(this.directory);
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(restarted).build()) {
			runtime.define(TestModules.definition("add", "add.wasm"));
			String digest = runtime.statistics().modules().get("add");
			assertThat(restarted.compilations(digest)).isEqualTo(1);
			try (WasmInstance instance = runtime.newInstance("add")) {
				assertThat(instance.call("add", 40, 2)).isEqualTo(42);
			}
		}
		assertThat(Files.size(file)).isGreaterThan(5);
	}

	private List<Path> jars() throws IOException {
		try (Stream<Path> files = Files.walk(this.directory)) {
			return files.filter((file) -> file.toString().endsWith(".jar")).toList();
		}
	}

}
