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
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.module.WasmEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A module's active element segments fill its tables once, shared by its instances, and
 * count as dropped afterwards, as the WebAssembly specification has it.
 */
class ElementSegmentTests {

	private WasmRuntime runtime;

	@AfterEach
	void close() {
		this.runtime.close();
	}

	private WasmInstance instance(WasmEngine engine) {
		this.runtime = WasmRuntime.builder().withEngine(engine).withCompilationCache(CompilationCache.create()).build();
		this.runtime.define(TestModules.definition("segments", "element-segments.wasm"));
		return this.runtime.newInstance("segments");
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void activeSegmentFillsTheTable(WasmEngine engine) {
		try (WasmInstance instance = instance(engine)) {
			assertThat(instance.call("call_slot", 0)).isEqualTo(1);
			assertThat(instance.call("call_slot", 1)).isEqualTo(2);
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void tableInitFromAnAppliedActiveSegmentTraps(WasmEngine engine) {
		try (WasmInstance instance = instance(engine)) {
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("init_again"))
				.satisfies((trap) -> assertThat(trap.getKind())
					.isEqualTo(WasmTrapException.Kind.OUT_OF_BOUNDS_TABLE_ACCESS));
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void tableInitOfNothingFromAnAppliedActiveSegmentIsAllowed(WasmEngine engine) {
		try (WasmInstance instance = instance(engine)) {
			assertThat(instance.call("init_nothing")).isEqualTo(2);
			assertThat(instance.call("call_slot", 0)).isEqualTo(1);
		}
	}

}
