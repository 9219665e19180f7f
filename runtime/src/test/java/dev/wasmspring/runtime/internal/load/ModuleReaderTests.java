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

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.TestModules;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.internal.compile.ContentDigest;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A module's bytes are read within the size limit, and must have the digest their
 * definition pins; each refusal says which and what to change.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ModuleReaderTests {

	private static final byte[] ADD = TestModules.bytes("add.wasm");

	private final MemoryBudget budget = new MemoryBudget(1024 * 1024);

	@Test
	void bytesWithinTheLimitAreReadAndKnownByTheirDigest() {
		ModuleReader reader = new ModuleReader(ADD.length, WasmSettingNames.RUNTIME);
		WasmModuleDefinition definition = WasmModuleDefinition.of("add", ModuleSource.of("mem:add", ADD))
			.withSha256(ContentDigest.sha256(ADD));
		try (MemoryBudget.Account reading = this.budget.open()) {
			byte[] bytes = reader.read(definition, reading);
			assertThat(bytes).isEqualTo(ADD);
			assertThat(reader.verify(definition, bytes, true)).isEqualTo(ContentDigest.sha256(ADD));
		}
		assertThat(this.budget.reserved()).isZero();
	}

	@Test
	void bytesAboveTheLimitAreRefusedNamingTheSetting() {
		ModuleReader reader = new ModuleReader(ADD.length - 1, WasmSettingNames.RUNTIME);
		WasmModuleDefinition definition = WasmModuleDefinition.of("add", ModuleSource.of("mem:add", ADD));
		assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(() -> reader.verify(definition, ADD, true))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.TOO_LARGE))
			.withMessageContaining("above the module size limit of " + (ADD.length - 1) + " bytes")
			.withMessageContaining(WasmSettingNames.RUNTIME.maxModuleSize());
	}

	@Test
	void bytesWithAnotherDigestThanThePinnedOneAreRefused() {
		ModuleReader reader = new ModuleReader(ADD.length, WasmSettingNames.RUNTIME);
		String pinned = "0".repeat(64);
		WasmModuleDefinition definition = WasmModuleDefinition.of("add", ModuleSource.of("mem:add", ADD))
			.withSha256(pinned);
		assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(() -> reader.verify(definition, ADD, true))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.DIGEST_MISMATCH))
			.withMessageContaining("expected " + pinned + ", found " + ContentDigest.sha256(ADD));
	}

	@Test
	void aSourceThatFailsIsReportedAsNotFound() {
		ModuleReader reader = new ModuleReader(ADD.length, WasmSettingNames.RUNTIME);
		WasmModuleDefinition definition = WasmModuleDefinition.of("gone",
				ModuleSource.ofStream("file:gone.wasm", () -> {
					throw new IOException("gone.wasm (No such file or directory)");
				}));
		try (MemoryBudget.Account reading = this.budget.open()) {
			assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(() -> reader.read(definition, reading))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.NOT_FOUND))
				.withMessageContaining("No such file or directory");
		}
	}

}
