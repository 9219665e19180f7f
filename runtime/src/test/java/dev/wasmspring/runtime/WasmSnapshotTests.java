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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmSnapshot;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Instances started from a snapshot taken after initialisation answer exactly as
 * instances that ran the initialisation themselves, each from the captured state, with
 * fresh WASI state; what cannot be captured is refused with a message that says what to
 * do.
 */
class WasmSnapshotTests {

	private static final String[] WORDS = ("every request gets a fresh instance so instantiation is the per tax and "
			+ "it grows with module language runtime copy on write memory snapshot must not capture open files "
			+ "random seeds or clocks unknown words here too")
		.split(" ");

	private final AtomicInteger seed = new AtomicInteger(1234);

	private final List<Map<String, Object>> seedContexts = new CopyOnWriteArrayList<>();

	private WasmRuntime runtime;

	@AfterEach
	void close() {
		if (this.runtime != null) {
			this.runtime.close();
		}
	}

	private WasmRuntime start(WasmEngine engine) {
		this.runtime = WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(CompilationCache.create())
			.withHostFunctions(List.of(seedFunction()))
			.build();
		return this.runtime;
	}

	private WasmHostFunction seedFunction() {
		return new StubHostFunction("env", "seed", WasmFunctionType.of(List.of(), List.of(WasmValueType.I32)),
				(context, args) -> {
					this.seedContexts.add(context.attributes());
					return new long[] { this.seed.get() };
				});
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void snapshotInstancesAnswerAsFreshlyInitialisedOnesOnManyInputs(WasmEngine engine) {
		start(engine).defineAll(List.of(TestModules.definition("fresh", "word-index.wasm"),
				TestModules.definition("snap", "word-index.wasm").withSnapshot(WasmSnapshot.AFTER_INITIALIZE)));
		Random random = new Random(42);
		long freshState;
		try (WasmInstance fresh = this.runtime.newInstance("fresh");
				WasmInstance snap = this.runtime.newInstance("snap")) {
			freshState = fresh.callRaw("state_checksum")[0];
			assertThat(snap.callRaw("state_checksum")[0]).isEqualTo(freshState);
		}
		// a fresh instance runs the expensive initialisation: the interpreter gets fewer
		// inputs
		int inputs = (engine == WasmEngine.COMPILER) ? 60 : 3;
		for (int input = 0; input < inputs; input++) {
			String text = randomText(random);
			int key = random.nextInt();
			try (WasmInstance fresh = this.runtime.newInstance("fresh");
					WasmInstance snap = this.runtime.newInstance("snap")) {
				assertThat(score(snap, text)).as(text).isEqualTo(score(fresh, text));
				assertThat(score(snap, text)).as(text).isEqualTo(score(fresh, text));
				assertThat(snap.callRaw("lookup", key)[0]).isEqualTo(fresh.callRaw("lookup", key)[0]);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void everyInstanceStartsFromTheSnapshotWhateverAnEarlierInstanceDid(WasmEngine engine) {
		start(engine)
			.define(TestModules.definition("snap", "word-index.wasm").withSnapshot(WasmSnapshot.AFTER_INITIALIZE));
		try (WasmInstance first = this.runtime.newInstance("snap")) {
			assertThat(score(first, "every request") % 1000).isEqualTo(1);
			assertThat(score(first, "every request") % 1000).isEqualTo(2);
		}
		try (WasmInstance second = this.runtime.newInstance("snap")) {
			assertThat(score(second, "every request") % 1000).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void aNamedInitialisationExportLeavesGlobalsTablesMemoryAndDroppedSegmentsInEveryInstance(WasmEngine engine) {
		start(engine).define(
				TestModules.definition("snap", "snapshot-init.wasm").withSnapshot(WasmSnapshot.afterExport("init")));
		assertThat(this.seedContexts).hasSize(1);
		this.seed.set(99);
		for (int i = 0; i < 3; i++) {
			try (WasmInstance instance = this.runtime.newInstance("snap")) {
				assertThat(instance.callRaw("global_value")[0]).isEqualTo(1234);
				assertThat(instance.callRaw("memory_word", 16)[0]).isEqualTo(1234);
				assertThat(instance.memory().readString(0, 8)).isEqualTo("snapshot");
				assertThat(instance.callRaw("table_size")[0]).isEqualTo(3);
				assertThat(instance.callRaw("call_slot", 0)[0]).isEqualTo(7);
				assertThat(instance.callRaw("call_slot", 2)[0]).isEqualTo(42);
				assertThat(instance.callRaw("bump")[0]).isEqualTo(1);
				assertThatExceptionOfType(WasmTrapException.class)
					.isThrownBy(() -> instance.callRaw("init_passive", 100));
			}
		}
		assertThat(this.seedContexts).hasSize(1);
	}

	@Test
	void hostCallsDuringTheSnapshotSeeAnEmptyContext() {
		start(WasmEngine.COMPILER).define(
				TestModules.definition("snap", "snapshot-init.wasm").withSnapshot(WasmSnapshot.afterExport("init")));
		assertThat(this.seedContexts).containsExactly(Map.of());
	}

	@Test
	void redefiningOrRelinkingTakesTheSnapshotAgain() {
		start(WasmEngine.COMPILER).define(
				TestModules.definition("snap", "snapshot-init.wasm").withSnapshot(WasmSnapshot.afterExport("init")));
		this.seed.set(5);
		this.runtime.define(
				TestModules.definition("snap", "snapshot-init.wasm").withSnapshot(WasmSnapshot.afterExport("init")));
		try (WasmInstance instance = this.runtime.newInstance("snap")) {
			assertThat(instance.callRaw("global_value")[0]).isEqualTo(5);
		}
		this.runtime.replaceHostFunctions(List.of(new StubHostFunction("env", "seed",
				WasmFunctionType.of(List.of(), List.of(WasmValueType.I32)), (context, args) -> new long[] { 77 })));
		try (WasmInstance instance = this.runtime.newInstance("snap")) {
			assertThat(instance.callRaw("global_value")[0]).isEqualTo(77);
			assertThat(instance.callRaw("memory_word", 16)[0]).isEqualTo(77);
		}
	}

	@Test
	void wasiStateIsFreshInEveryInstanceStartedFromASnapshot() {
		start(WasmEngine.COMPILER).define(TestModules.definition("shout", "wasi-reactor.wasm")
			.withWasi(WasiConfig.enabled().withStdout(WasiConfig.Output.CAPTURE))
			.withSnapshot(WasmSnapshot.AFTER_INITIALIZE));
		for (int i = 0; i < 2; i++) {
			try (WasmInstance instance = this.runtime.newInstance("shout")) {
				assertThat(instance.callText("shout", "hello")).isEqualTo("HELLO");
				assertThat(instance.capturedStdout()).isEqualTo("shouting\n");
			}
		}
	}

	@Test
	void aMissingInitialisationExportIsRefusedNamingTheExports() {
		start(WasmEngine.COMPILER);
		assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(() -> this.runtime.define(
				TestModules.definition("snap", "snapshot-init.wasm").withSnapshot(WasmSnapshot.afterExport("setup"))))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.SNAPSHOT_REFUSED);
				assertThat(ex.getMessage()).contains("'snap'", "'setup'", "init", "turn the module's snapshot off");
			});
		assertThat(this.runtime.hasModule("snap")).isFalse();
	}

	@Test
	void anInitialisationExportWithParametersIsRefused() {
		start(WasmEngine.COMPILER);
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.runtime.define(TestModules.definition("snap", "snapshot-init.wasm")
				.withSnapshot(WasmSnapshot.afterExport("call_slot"))))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.SNAPSHOT_REFUSED));
	}

	@Test
	void aModuleWithAStartFunctionIsRefused() {
		start(WasmEngine.COMPILER).replaceHostFunctions(List.of(new StubHostFunction("env", "spin",
				WasmFunctionType.of(List.of(), List.of(WasmValueType.I32)), (context, args) -> new long[] { 0 })));
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.runtime
				.define(TestModules.definition("start", "start.wasm").withSnapshot(WasmSnapshot.AFTER_INITIALIZE)))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.SNAPSHOT_REFUSED);
				assertThat(ex.getMessage()).contains("'start'", "start function");
			});
	}

	@Test
	void aFailingInitialisationFailsTheLoadAndTheRuntimeKeepsServing() {
		start(WasmEngine.COMPILER).define(TestModules.definition("add", "add.wasm"));
		assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(() -> this.runtime.define(
				TestModules.definition("traps", "traps.wasm").withSnapshot(WasmSnapshot.afterExport("unreachable"))))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.SNAPSHOT_FAILED);
				assertThat(ex.getMessage()).contains("'traps'", "unreachable");
			});
		try (WasmInstance instance = this.runtime.newInstance("add")) {
			assertThat(instance.call("add", 20, 22)).isEqualTo(42);
		}
	}

	@Test
	void settingsParseAndPrintAsConfigured() {
		assertThat(WasmSnapshot.parse("none")).isEqualTo(WasmSnapshot.NONE);
		assertThat(WasmSnapshot.parse("after-initialize")).isEqualTo(WasmSnapshot.AFTER_INITIALIZE);
		assertThat(WasmSnapshot.parse(" init ")).isEqualTo(WasmSnapshot.afterExport("init"));
		assertThat(WasmSnapshot.parse("init").initializer()).isEqualTo("init");
		assertThat(WasmSnapshot.NONE.isEnabled()).isFalse();
		assertThat(WasmSnapshot.afterExport("init")).hasToString("init");
		assertThat(TestModules.definition("x", "add.wasm").snapshot()).isEqualTo(WasmSnapshot.NONE);
	}

	private static String randomText(Random random) {
		List<String> words = new ArrayList<>();
		for (int i = random.nextInt(12); i >= 0; i--) {
			words.add(WORDS[random.nextInt(WORDS.length)]);
		}
		return String.join(" ", words);
	}

	private static long score(WasmInstance instance, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		int address = (int) instance.callRaw("alloc", bytes.length)[0];
		instance.memory().write(address, bytes);
		return instance.callRaw("score", address, bytes.length)[0];
	}

}
