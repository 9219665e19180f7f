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

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.module.WasmEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tables are guest-controlled allocations with a limit of their own: a module whose
 * tables declare more elements than the limit does not load, and {@code table.grow} past
 * it fails as the guest sees a full table.
 */
class WasmTableLimitTests {

	private WasmRuntime runtime;

	@AfterEach
	void close() {
		if (this.runtime != null) {
			this.runtime.close();
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void tableGrowStopsAtTheDefaultLimit(WasmEngine engine) {
		this.runtime = runtime(engine);
		this.runtime.define(TestModules.definition("bombs", "bombs.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("bombs")) {
			// one declared element, then steps of 1000 while they fit in the 100,000 of
			// the limit
			assertThat(instance.call("table_bomb", 1000)).isEqualTo(99_001);
			assertThat(instance.call("ok")).isEqualTo(1);
		}
		assertThat(WasmRuntime.DEFAULT_MAX_TABLE_ELEMENTS).isEqualTo(100_000);
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void moduleLimitOverridesTheDefaultAndEachInstanceStartsAfresh(WasmEngine engine) {
		this.runtime = runtime(engine);
		this.runtime.define(TestModules.definition("bombs", "bombs.wasm").withMaxTableElements(5_001L));
		for (int i = 0; i < 2; i++) {
			try (WasmInstance instance = this.runtime.newInstance("bombs")) {
				assertThat(instance.call("table_size")).isEqualTo(1);
				assertThat(instance.call("table_bomb", 1000)).isEqualTo(5_001);
			}
		}
	}

	@Test
	void moduleWhoseTablesDeclareMoreThanTheLimitFailsToLoadNamingTheSetting() {
		this.runtime = runtime(WasmEngine.COMPILER);
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.runtime.define(TestModules.definition("big", "big-table.wasm")))
			.satisfies((failure) -> {
				assertThat(failure.getReason()).isEqualTo(WasmModuleLoadException.Reason.TABLE_LIMIT_TOO_LOW);
				assertThat(failure.getMessage()).contains("'big'", "200000 elements", "100000", "withMaxTableElements");
			});
		this.runtime.define(TestModules.definition("big", "big-table.wasm").withMaxTableElements(200_000L));
		try (WasmInstance instance = this.runtime.newInstance("big")) {
			assertThat(instance.call("ok")).isEqualTo(1);
		}
	}

	@Test
	void runtimeDefaultCanBeChanged() {
		this.runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withDefaultMaxTableElements(2_001)
			.build();
		this.runtime.define(TestModules.definition("bombs", "bombs.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("bombs")) {
			assertThat(instance.call("table_bomb", 1000)).isEqualTo(2_001);
		}
	}

	private static WasmRuntime runtime(WasmEngine engine) {
		return WasmRuntime.builder().withEngine(engine).withCompilationCache(CompilationCache.create()).build();
	}

}
