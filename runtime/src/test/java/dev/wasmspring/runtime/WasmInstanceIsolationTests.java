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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every instance starts from the module's pristine state, whatever earlier instances did.
 */
class WasmInstanceIsolationTests {

	private final WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void nextInstanceSeesOriginalMemoryGlobalAndTableAfterAnInstanceMutatedThem() {
		this.runtime.define(TestModules.definition("stateful", "stateful.wasm"));
		try (WasmInstance first = this.runtime.newInstance("stateful")) {
			assertThat(memoryText(first)).isEqualTo("pristine");
			first.callRaw("mutate");
			assertThat(memoryText(first)).isEqualTo("dirtied!");
			assertThat(first.call("global_value")).isEqualTo(99);
			assertThat(first.call("table_size")).isEqualTo(5);
			assertThat(first.call("call_slot", 1)).isEqualTo(42);
		}
		try (WasmInstance second = this.runtime.newInstance("stateful")) {
			assertThat(memoryText(second)).isEqualTo("pristine");
			assertThat(second.call("global_value")).isNotEqualTo(99);
			assertThat(second.call("table_size")).isEqualTo(2);
			assertThat(second.call("call_slot", 0)).isEqualTo(7);
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> second.call("call_slot", 1))
				.satisfies((trap) -> assertThat(trap.getKind())
					.isEqualTo(WasmTrapException.Kind.OUT_OF_BOUNDS_TABLE_ACCESS));
		}
	}

	private static String memoryText(WasmInstance instance) {
		StringBuilder text = new StringBuilder();
		for (int address = 16; address < 24; address++) {
			text.append((char) (int) (Integer) instance.call("memory_byte", address));
		}
		return text.toString();
	}

}
