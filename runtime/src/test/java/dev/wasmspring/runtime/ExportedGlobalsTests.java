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

import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmLinkException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An instance's exported globals are readable as Java values, a mutable one with the
 * value the instance's calls left in it; asking for a global the module does not export
 * says so. A module importing a memory, table or global fails to load, naming the import.
 */
class ExportedGlobalsTests {

	private final WasmRuntime runtime = WasmRuntime.builder().build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void exportedGlobalsOfEveryNumericTypeAreReadable() {
		this.runtime.define(TestModules.definition("globals", "globals.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("globals")) {
			assertThat(instance.global("counter")).isEqualTo(7);
			assertThat(instance.global("big")).isEqualTo(1234567890123L);
			assertThat(instance.global("ratio")).isEqualTo(0.25f);
			assertThat(instance.global("precise")).isEqualTo(-2.5d);
		}
	}

	@Test
	void mutableGlobalShowsWhatTheInstancesCallsLeftAndEachInstanceHasItsOwn() {
		this.runtime.define(TestModules.definition("globals", "globals.wasm"));
		try (WasmInstance first = this.runtime.newInstance("globals");
				WasmInstance second = this.runtime.newInstance("globals")) {
			first.call("bump");
			first.call("bump");
			assertThat(first.global("counter")).isEqualTo(9);
			assertThat(second.global("counter")).isEqualTo(7);
		}
	}

	@Test
	void askingForAGlobalTheModuleDoesNotExportSaysSo() {
		this.runtime.define(TestModules.definition("globals", "globals.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("globals")) {
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.global("bump"))
				.withMessage("WASM module 'globals' exports no global 'bump'.")
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmCallException.Reason.ILLEGAL_ARGUMENT));
			assertThat(instance.isOpen()).isTrue();
		}
	}

	@Test
	void moduleImportingAMemoryTableOrGlobalFailsToLoadNamingEachImport() {
		assertThatExceptionOfType(WasmLinkException.class)
			.isThrownBy(() -> this.runtime.define(TestModules.definition("needy", "imports-memory.wasm")))
			.withMessageContaining("env.memory (memory), env.table (table), env.base (global)")
			.withMessageContaining("only functions can be provided by the host")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmLinkException.Reason.UNSUPPORTED_KIND));
		assertThat(this.runtime.hasModule("needy")).isFalse();
	}

}
