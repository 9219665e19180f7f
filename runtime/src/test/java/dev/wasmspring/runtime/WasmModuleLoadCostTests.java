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

import java.time.Duration;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a module may cost to load is bounded: its size before anything is parsed, and how
 * long loading waits for its compilation. Each bound is reported in the load exception,
 * and the runtime goes on loading other modules.
 */
class WasmModuleLoadCostTests {

	@Test
	void moduleLargerThanTheSizeLimitFailsBeforeItIsParsed() {
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withMaxModuleSize(1024)
			.build()) {
			int size = TestModules.bytes("wasi-hostile.wasm").length;
			assertThatExceptionOfType(WasmModuleLoadException.class)
				.isThrownBy(() -> runtime.define(TestModules.definition("big", "wasi-hostile.wasm")))
				.satisfies((failure) -> {
					assertThat(failure.getReason()).isEqualTo(WasmModuleLoadException.Reason.TOO_LARGE);
					assertThat(failure.getMessage()).contains("'big'", size + " bytes", "1024 bytes",
							"withMaxModuleSize");
				});
			runtime.define(TestModules.definition("add", "add.wasm"));
			try (WasmInstance instance = runtime.newInstance("add")) {
				assertThat(instance.call("add", 2, 3)).isEqualTo(5);
			}
		}
	}

	@Test
	void compilationThatOutlastsTheCompileTimeoutFailsTheLoadWithoutHoldingTheCaller() {
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withCompileTimeout(Duration.ofNanos(1))
			.build()) {
			long started = System.nanoTime();
			assertThatExceptionOfType(WasmModuleLoadException.class)
				.isThrownBy(() -> runtime.define(TestModules.definition("slow", "wasi-hostile.wasm")))
				.satisfies((failure) -> {
					assertThat(failure.getReason()).isEqualTo(WasmModuleLoadException.Reason.COMPILE_TIMEOUT);
					assertThat(failure.getMessage()).contains("'slow'", "withCompileTimeout");
				});
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void defaultsLoadEveryModuleOfTheRepository() {
		assertThat(WasmRuntime.DEFAULT_MAX_MODULE_SIZE).isEqualTo(32L * 1024 * 1024);
		assertThat(WasmRuntime.DEFAULT_COMPILE_TIMEOUT).isEqualTo(Duration.ofMinutes(1));
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build()) {
			for (String file : new String[] { "wasi-hostile.wasm", "counter.wasm", "big-memory.wasm", "bombs.wasm" }) {
				runtime.define(TestModules.definition(file.replace(".wasm", ""), file).withWasi(WasiConfig.enabled()));
			}
			assertThat(runtime.moduleNames()).hasSize(4);
		}
	}

}
