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

package dev.wasmspring.runtime.internal.snapshot;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.dylibso.chicory.wasm.Parser;
import dev.wasmspring.runtime.TestModules;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.module.WasmSnapshot;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A module is snapshotted only if instances started from the snapshot would behave as if
 * they had initialised themselves; a refusal or a failed initialisation names the module
 * and the setting that asked for the snapshot.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SnapshotTakerTests {

	private final SnapshotTaker taker = new SnapshotTaker(WasmSettingNames.RUNTIME);

	private final AtomicBoolean initialized = new AtomicBoolean();

	@Test
	void moduleWithAStartFunctionIsRefusedBeforeAnythingRuns() {
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.taker.take(definition(WasmSnapshot.AFTER_INITIALIZE), artifact("start.wasm"),
					this::initialize))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.SNAPSHOT_REFUSED))
			.withMessageContaining("it has a start function")
			.withMessageContaining(WasmSettingNames.RUNTIME.snapshot("m"));
		assertThat(this.initialized).isFalse();
	}

	@Test
	void initializerTheModuleDoesNotExportIsRefusedListingItsExports() {
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.taker.take(definition(WasmSnapshot.afterExport("prepare")), artifact("add.wasm"),
					this::initialize))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.SNAPSHOT_REFUSED))
			.withMessageContaining("exports no function 'prepare' without parameters")
			.withMessageContaining("add_i64");
		assertThat(this.initialized).isFalse();
	}

	@Test
	void initialisationThatFailsFailsTheLoad() {
		WasmCallException failure = WasmCallException.illegalArgument("m", "_initialize", "bad state");
		assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(
				() -> this.taker.take(definition(WasmSnapshot.AFTER_INITIALIZE), artifact("add.wasm"), (recorder) -> {
					throw failure;
				}))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.SNAPSHOT_FAILED))
			.withCause(failure);
	}

	private InstanceSnapshot initialize(SnapshotRecorder recorder) {
		this.initialized.set(true);
		throw new IllegalStateException("not reached");
	}

	private static WasmModuleDefinition definition(WasmSnapshot snapshot) {
		return WasmModuleDefinition.of("m", ModuleSource.of("mem:m", new byte[0])).withSnapshot(snapshot);
	}

	private static CompiledArtifact artifact(String file) {
		return CompiledArtifact.interpreted(file, Parser.parse(TestModules.bytes(file)));
	}

}
