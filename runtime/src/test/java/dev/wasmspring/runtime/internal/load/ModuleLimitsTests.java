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

package dev.wasmspring.runtime.internal.load;

import java.util.concurrent.TimeUnit;

import com.dylibso.chicory.wasm.Parser;
import dev.wasmspring.runtime.TestModules;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.memory.MemoryBounds;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A module runs under its own limits, else the runtime's defaults, never below what it
 * declares: a limit it cannot start under refuses it, naming the setting to raise.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ModuleLimitsTests {

	private static final CompiledArtifact MEMORY = artifact("memory-ops.wasm");

	private static final WasmModuleDefinition DEFINITION = WasmModuleDefinition.of("m",
			ModuleSource.of("mem:m", new byte[0]));

	@Test
	void moduleWithoutMemoryHasNoBounds() {
		ModuleLimits limits = new ModuleLimits(16L * 1024 * 1024, 100, WasmSettingNames.RUNTIME);
		assertThat(limits.memoryBounds(DEFINITION, artifact("add.wasm"))).isNull();
	}

	@Test
	void moduleOwnLimitWinsOverTheDefault() {
		ModuleLimits limits = new ModuleLimits(null, 100, WasmSettingNames.RUNTIME);
		long own = (MEMORY.minPages() + 1L) * WasmMemory.PAGE_SIZE;
		MemoryBounds bounds = limits.memoryBounds(DEFINITION.withMaxMemory(own), MEMORY);
		assertThat(bounds).isNotNull();
		assertThat(bounds.minPages()).isEqualTo(MEMORY.minPages());
		assertThat(bounds.maxPages()).isEqualTo(Math.min(MEMORY.minPages() + 1, MEMORY.maxPages()));
	}

	@Test
	void defaultBelowTheDeclaredMemoryRefusesTheModuleNamingBothSettings() {
		ModuleLimits limits = new ModuleLimits((long) (MEMORY.minPages() - 1) * WasmMemory.PAGE_SIZE, 100,
				WasmSettingNames.RUNTIME);
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> limits.memoryBounds(DEFINITION, MEMORY))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.MEMORY_LIMIT_TOO_LOW))
			.withMessageContaining("the default memory limit of")
			.withMessageContaining(WasmSettingNames.RUNTIME.maxMemory("m"))
			.withMessageContaining(WasmSettingNames.RUNTIME.defaultMaxMemory());
	}

	@Test
	void tablesDeclaringMoreThanTheLimitRefuseTheModule() {
		CompiledArtifact table = artifact("big-table.wasm");
		long declared = table.declaredTableElements();
		ModuleLimits limits = new ModuleLimits(null, declared - 1, WasmSettingNames.RUNTIME);
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> limits.maxTableElements(DEFINITION, table))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.TABLE_LIMIT_TOO_LOW))
			.withMessageContaining("its tables declare " + declared + " elements, above the limit of " + (declared - 1))
			.withMessageContaining(WasmSettingNames.RUNTIME.maxTableElements("m"));
		assertThat(limits.maxTableElements(DEFINITION.withMaxTableElements(declared), table)).isEqualTo(declared);
	}

	private static CompiledArtifact artifact(String file) {
		return CompiledArtifact.interpreted(file, Parser.parse(TestModules.bytes(file)));
	}

}
