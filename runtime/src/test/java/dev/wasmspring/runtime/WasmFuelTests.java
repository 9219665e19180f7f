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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.exception.WasmTrapException.Kind;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.module.WasmSnapshot;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.statistics.WasmRuntimeObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Fuel through the runtime: a call that runs out fails with its own trap kind, at the
 * same count on both engines and under load; honest calls within their budget never do;
 * the fuel consumed is readable afterwards and observed.
 */
class WasmFuelTests {

	private static final long BUDGET = 100_000;

	private final List<WasmRuntime> runtimes = new ArrayList<>();

	@AfterEach
	void close() {
		this.runtimes.forEach(WasmRuntime::close);
	}

	@Test
	void aRunawayLoopStopsAtTheSameCountOnEveryRunAndBothEngines() {
		Set<Long> consumed = new HashSet<>();
		for (WasmEngine engine : WasmEngine.values()) {
			WasmRuntime runtime = runtime(engine, null);
			runtime.define(TestModules.definition("fuel", "fuel.wasm").withFuel(BUDGET));
			for (int run = 0; run < 3; run++) {
				try (WasmInstance instance = runtime.newInstance("fuel")) {
					assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("forever"))
						.satisfies((trap) -> {
							assertThat(trap.getKind()).isEqualTo(Kind.FUEL_EXHAUSTED);
							assertThat(trap.getModuleName()).isEqualTo("fuel");
							assertThat(trap.getExportName()).isEqualTo("forever");
							assertThat(trap.getMessage()).contains("WASM module 'fuel'", "'forever'", "FUEL_EXHAUSTED",
									"fuel budget of 100000 units", "WasmModuleDefinition.withFuel");
						});
					assertThat(instance.isOpen()).isFalse();
					consumed.add(instance.lastCallFuel());
				}
			}
		}
		// the loop instruction, then one branch per iteration until the fuel is negative
		assertThat(consumed).containsExactly(BUDGET + 1);
	}

	@Test
	void theCountIsTheSameWhileOtherThreadsKeepTheMachineBusy() throws InterruptedException {
		AtomicBoolean stop = new AtomicBoolean();
		List<Thread> burners = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Thread burner = new Thread(() -> {
				long x = 0;
				while (!stop.get()) {
					x += System.nanoTime() % 7;
				}
				if (x == 42) {
					System.out.print("");
				}
			});
			burner.setDaemon(true);
			burner.start();
			burners.add(burner);
		}
		Set<Long> consumed = new HashSet<>();
		try {
			for (WasmEngine engine : WasmEngine.values()) {
				WasmRuntime runtime = runtime(engine, null);
				runtime.define(TestModules.definition("fuel", "fuel.wasm").withFuel(BUDGET));
				for (int run = 0; run < 3; run++) {
					try (WasmInstance instance = runtime.newInstance("fuel")) {
						assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("forever"))
							.satisfies((trap) -> assertThat(trap.getKind()).isEqualTo(Kind.FUEL_EXHAUSTED));
						consumed.add(instance.lastCallFuel());
					}
				}
			}
		}
		finally {
			stop.set(true);
			for (Thread burner : burners) {
				burner.join();
			}
		}
		assertThat(consumed).containsExactly(BUDGET + 1);
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void recursionIsStoppedByFuelBeforeTheStackRunsOut(WasmEngine engine) {
		WasmRuntime runtime = runtime(engine, null);
		runtime.define(TestModules.definition("fuel", "fuel.wasm").withFuel(700L));
		try (WasmInstance instance = runtime.newInstance("fuel")) {
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("deep", 0L))
				.satisfies((trap) -> assertThat(trap.getKind()).isEqualTo(Kind.FUEL_EXHAUSTED));
			assertThat(instance.lastCallFuel()).isEqualTo(707);
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void anHonestCallWithinItsBudgetSucceedsAndEveryCallGetsTheWholeBudget(WasmEngine engine) {
		WasmRuntime runtime = runtime(engine, null);
		runtime.define(TestModules.definition("fuel", "fuel.wasm").withFuel(1000L));
		try (WasmInstance instance = runtime.newInstance("fuel")) {
			for (int call = 0; call < 20; call++) {
				// 9 per iteration and 8 more: 908 of 1000, twenty times over
				assertThat(instance.call("count", 100)).isEqualTo(100);
				assertThat(instance.lastCallFuel()).isEqualTo(908);
			}
			assertThat(instance.call("straight")).isEqualTo(5);
			assertThat(instance.lastCallFuel()).isEqualTo(4);
			assertThat(instance.call("fill", 800)).isEqualTo(1);
			assertThat(instance.lastCallFuel()).isEqualTo(7 + 100);
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void theGuestsOwnTrapKeepsItsKindWhenTheFuelWentNegativeWithoutACheck(WasmEngine engine) {
		WasmRuntime runtime = runtime(engine, null);
		runtime.define(TestModules.definition("fuel", "fuel.wasm").withFuel(1L));
		try (WasmInstance instance = runtime.newInstance("fuel")) {
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("abort"))
				.satisfies((trap) -> assertThat(trap.getKind()).isEqualTo(Kind.UNREACHABLE));
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void afterTheGuestsOwnTrapTheCountLeavesOutTheRunsSinceItLastWentThroughTheGlobal(WasmEngine engine) {
		// count_then_load neither calls nor writes its count to the global before the
		// trap: the same 0 on every run and on both engines (documented); divide, whose
		// cost is the same on every run, is charged before it runs, so its trap leaves
		// its 4 units in
		WasmRuntime runtime = runtime(engine, null);
		runtime.define(TestModules.definition("fuel", "fuel.wasm").withFuel(BUDGET));
		try (WasmInstance instance = runtime.newInstance("fuel")) {
			assertThat(instance.call("divide", 5)).isEqualTo(20);
			assertThat(instance.lastCallFuel()).isEqualTo(4);
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("divide", 0))
				.satisfies((trap) -> assertThat(trap.getKind()).isEqualTo(Kind.INTEGER_DIVIDE_BY_ZERO));
			assertThat(instance.lastCallFuel()).isEqualTo(4);
			assertThat(instance.totalFuel()).isEqualTo(8);
		}
		try (WasmInstance instance = runtime.newInstance("fuel")) {
			assertThat(instance.call("count_then_load", 0)).isEqualTo(0);
			assertThat(instance.lastCallFuel()).isEqualTo(11);
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("count_then_load", 10))
				.satisfies((trap) -> assertThat(trap.getKind()).isEqualTo(Kind.OUT_OF_BOUNDS_MEMORY_ACCESS));
			assertThat(instance.lastCallFuel()).isZero();
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void theNextInstanceWorksAfterOneRanOut(WasmEngine engine) {
		WasmRuntime runtime = runtime(engine, null);
		runtime.define(TestModules.definition("fuel", "fuel.wasm").withFuel(BUDGET));
		try (WasmInstance instance = runtime.newInstance("fuel")) {
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("forever"));
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("straight"))
				.withMessageContaining("discarded after WasmTrapException in 'forever'");
		}
		try (WasmInstance next = runtime.newInstance("fuel")) {
			assertThat(next.call("count", 10)).isEqualTo(10);
		}
	}

	@Test
	void textCallsCountAllocAndTheExportAsOneCallOnOneBudget() {
		String text = "Hello, World! Wasm plugins run per request ".repeat(20);
		Set<Long> consumed = new HashSet<>();
		for (WasmEngine engine : WasmEngine.values()) {
			WasmRuntime runtime = runtime(engine, null);
			runtime.define(TestModules.definition("plain", "slugify-v2.wasm"));
			runtime.define(TestModules.definition("metered", "slugify-v2.wasm").withFuel(BUDGET * 10));
			runtime.define(TestModules.definition("tight", "slugify-v2.wasm").withFuel(1000L));
			try (WasmInstance plain = runtime.newInstance("plain");
					WasmInstance metered = runtime.newInstance("metered");
					WasmInstance tight = runtime.newInstance("tight")) {
				assertThat(metered.callText("slugify", text)).isEqualTo(plain.callText("slugify", text));
				assertThat(metered.lastCallFuel()).isGreaterThan(text.length());
				consumed.add(metered.lastCallFuel());
				assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> tight.callText("slugify", text))
					.satisfies((trap) -> assertThat(trap.getKind()).isEqualTo(Kind.FUEL_EXHAUSTED));
			}
		}
		assertThat(consumed).hasSize(1);
	}

	@Test
	void anExtismPluginsRunawayLoopOfHostCallsStopsAtTheSameCountOnBothEngines() {
		Set<Long> consumed = new HashSet<>();
		for (WasmEngine engine : WasmEngine.values()) {
			WasmRuntime runtime = runtime(engine, null);
			runtime.define(TestModules.definition("bombs", "extism-bombs.wasm").withFuel(10_000L));
			try (WasmInstance instance = runtime.newInstance("bombs")) {
				assertThatExceptionOfType(WasmTrapException.class)
					.isThrownBy(() -> instance.callText("alloc_free_loop", ""))
					.satisfies((trap) -> assertThat(trap.getKind()).isEqualTo(Kind.FUEL_EXHAUSTED));
				consumed.add(instance.lastCallFuel());
			}
		}
		assertThat(consumed).hasSize(1);
		assertThat(consumed.iterator().next()).isGreaterThan(10_000L);
	}

	@Test
	void aLinkedModuleOfAManifestSpendsTheMainModulesBudgetAndRunsOutOnIt(@TempDir Path directory)
			throws java.io.IOException {
		for (String name : List.of("extism-linked-fuel-lib.wasm", "extism-linked-fuel-main.wasm")) {
			java.nio.file.Files.write(directory.resolve(name), TestModules.bytes(name));
		}
		Path manifest = java.nio.file.Files.writeString(directory.resolve("plugin.json"), """
				{"wasm": [{"path": "extism-linked-fuel-lib.wasm", "name": "lib"},
				          {"path": "extism-linked-fuel-main.wasm", "name": "main"}]}
				""");
		Set<Long> runaway = new HashSet<>();
		for (WasmEngine engine : WasmEngine.values()) {
			WasmRuntime runtime = runtime(engine, null);
			runtime.define(WasmModuleDefinition.of("plugin", ModuleSource.of(manifest)).withFuel(BUDGET));
			try (WasmInstance instance = runtime.newInstance("plugin")) {
				// the main module's 3 units and the library's 9 per iteration and 8 more
				assertThat(instance.call("burn", 100)).isEqualTo(100);
				assertThat(instance.lastCallFuel()).isEqualTo(3 + 908);
				// over and back twice in one call
				assertThat(instance.call("twice", 10)).isEqualTo(20);
				assertThat(instance.lastCallFuel()).isEqualTo(6 + 2 * 98);
			}
			for (int run = 0; run < 3; run++) {
				try (WasmInstance instance = runtime.newInstance("plugin")) {
					// a runaway loop in the library module is stopped by the main
					// module's
					// budget
					assertThatExceptionOfType(WasmTrapException.class)
						.isThrownBy(() -> instance.call("burn", Integer.MAX_VALUE))
						.satisfies((trap) -> {
							assertThat(trap.getKind()).isEqualTo(Kind.FUEL_EXHAUSTED);
							assertThat(trap.getModuleName()).isEqualTo("plugin");
							assertThat(trap.getExportName()).isEqualTo("burn");
							assertThat(trap.getMessage()).contains("fuel budget of 100000 units");
						});
					assertThat(instance.isOpen()).isFalse();
					runaway.add(instance.lastCallFuel());
				}
			}
		}
		// 3 in the main module, then 9 per iteration until the check at the loop's header
		// finds the fuel negative: 9 * 11112 > 100000
		assertThat(runaway).containsExactly(9L * 11_112);
	}

	@Test
	void theRuntimesDefaultAppliesToModulesThatSetNoneAndZeroTurnsItOff() {
		WasmRuntime runtime = runtime(WasmEngine.COMPILER, 1000L);
		runtime.define(TestModules.definition("metered", "fuel.wasm"));
		runtime.define(TestModules.definition("free", "fuel.wasm").withFuel(0L));
		try (WasmInstance metered = runtime.newInstance("metered"); WasmInstance free = runtime.newInstance("free")) {
			assertThat(metered.lastCallFuel()).isEqualTo(-1);
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> metered.call("count", 1000))
				.satisfies((trap) -> assertThat(trap.getKind()).isEqualTo(Kind.FUEL_EXHAUSTED))
				.withMessageContaining("WasmRuntime.Builder.withDefaultFuel");
			assertThat(free.call("count", 1000)).isEqualTo(1000);
			assertThat(free.lastCallFuel()).isEqualTo(-1);
		}
	}

	@Test
	void bytesThatAreNoModuleFailAsTheyFailWithoutFuel() {
		WasmRuntime runtime = runtime(WasmEngine.COMPILER, null);
		byte[] cut = java.util.Arrays.copyOf(TestModules.bytes("fuel.wasm"), 100);
		Throwable plain = org.assertj.core.api.Assertions
			.catchThrowable(() -> runtime.define(WasmModuleDefinition.of("cut", ModuleSource.of("memory:cut", cut))));
		assertThat(plain).isInstanceOf(WasmModuleLoadException.class);
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> runtime
				.define(WasmModuleDefinition.of("cut", ModuleSource.of("memory:cut", cut)).withFuel(1000L)))
			.satisfies((metered) -> {
				assertThat(metered.getReason()).isEqualTo(((WasmModuleLoadException) plain).getReason());
				assertThat(metered.getMessage()).isEqualTo(plain.getMessage());
			});
	}

	@Test
	void aNegativeBudgetIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> TestModules.definition("fuel", "fuel.wasm").withFuel(-1L))
			.withMessageContaining("-1");
		assertThatIllegalArgumentException().isThrownBy(() -> WasmRuntime.builder().withDefaultFuel(-5L));
	}

	@Test
	void theFuelOfEachCallIsObserved() {
		List<String> events = new CopyOnWriteArrayList<>();
		WasmRuntimeObserver observer = new WasmRuntimeObserver() {

			@Override
			public Scope callStarted(String module, String export) {
				return new Scope() {

					@Override
					public void fuelConsumed(long fuel) {
						events.add(export + " " + fuel);
					}

					@Override
					public void end(@Nullable Throwable failure) {
						events.add("end " + export);
					}

				};
			}

		};
		WasmRuntime runtime = WasmRuntime.builder()
			.withEngine(WasmEngine.INTERPRETER)
			.withCompilationCache(CompilationCache.create())
			.withObserver(observer)
			.build();
		this.runtimes.add(runtime);
		runtime.define(TestModules.definition("fuel", "fuel.wasm").withFuel(BUDGET));
		runtime.define(TestModules.definition("free", "fuel.wasm"));
		try (WasmInstance instance = runtime.newInstance("fuel"); WasmInstance free = runtime.newInstance("free")) {
			instance.call("straight");
			free.call("straight");
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("forever"));
		}
		assertThat(events).containsExactly("straight 4", "end straight", "end straight", "forever " + (BUDGET + 1),
				"end forever");
	}

	@Test
	void meteredAndPlainCodeAreCachedApartOnDisk(@TempDir Path cache) {
		for (int round = 0; round < 2; round++) {
			// the second round loads both from the disk cache
			try (WasmRuntime runtime = WasmRuntime.builder()
				.withCompilationCache(CompilationCache.create(cache))
				.build()) {
				runtime.define(TestModules.definition("metered", "fuel.wasm").withFuel(1000L));
				runtime.define(TestModules.definition("free", "fuel.wasm"));
				try (WasmInstance metered = runtime.newInstance("metered");
						WasmInstance free = runtime.newInstance("free")) {
					assertThat(free.call("count", 1000)).isEqualTo(1000);
					assertThat(metered.call("count", 100)).isEqualTo(100);
					assertThat(metered.lastCallFuel()).isEqualTo(908);
					assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> metered.call("count", 1000))
						.satisfies((trap) -> assertThat(trap.getKind()).isEqualTo(Kind.FUEL_EXHAUSTED));
				}
			}
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void snapshotsAndTheirCopyOnWriteMemoryWorkWithFuel(WasmEngine engine) {
		WasmRuntime runtime = runtime(engine, null);
		runtime.define(TestModules.definition("plain", "word-index.wasm"));
		// word-index's _initialize, metered on the interpreter, takes seconds on a busy
		// machine: the timeout is a backstop here, not what is tested
		runtime.define(TestModules.definition("snap", "word-index.wasm")
			.withSnapshot(WasmSnapshot.AFTER_INITIALIZE)
			.withFuel(Long.MAX_VALUE / 2)
			.withTimeout(java.time.Duration.ofSeconds(60)));
		long consumed = -1;
		for (int i = 0; i < 2; i++) {
			try (WasmInstance plain = runtime.newInstance("plain"); WasmInstance snap = runtime.newInstance("snap")) {
				assertThat(snap.callRaw("state_checksum")[0]).isEqualTo(plain.callRaw("state_checksum")[0]);
				assertThat(snap.callRaw("lookup", 12345)[0]).isEqualTo(plain.callRaw("lookup", 12345)[0]);
				assertThat(snap.lastCallFuel()).isPositive();
				if (consumed >= 0) {
					assertThat(snap.lastCallFuel()).isEqualTo(consumed);
				}
				consumed = snap.lastCallFuel();
			}
		}
	}

	@Test
	void aBudgetPerInstanceFailsTheCallThatTakesTheRunningTotalPastIt() {
		Set<Long> perCall = new HashSet<>();
		for (WasmEngine engine : WasmEngine.values()) {
			WasmRuntime runtime = runtime(engine, null);
			// no budget per call: the module is metered for the budget per instance alone
			runtime.define(TestModules.definition("fuel", "fuel.wasm").withInstanceFuel(5_000L));
			try (WasmInstance instance = runtime.newInstance("fuel")) {
				assertThat(instance.totalFuel()).isZero();
				assertThat(instance.call("fib", 10L)).isEqualTo(55L);
				long cost = instance.lastCallFuel();
				perCall.add(cost);
				assertThat(instance.totalFuel()).isEqualTo(cost);
				assertThat(instance.call("fib", 10L)).isEqualTo(55L);
				assertThat(instance.totalFuel()).isEqualTo(2 * cost);
				// 2 * 1943 of 5000 used: the third call runs out of what is left
				assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("fib", 10L))
					.satisfies((trap) -> {
						assertThat(trap.getKind()).isEqualTo(Kind.FUEL_EXHAUSTED);
						assertThat(trap.getExportName()).isEqualTo("fib");
						assertThat(trap.getMessage()).contains("fuel budget of 5000 units across its calls",
								"WasmModuleDefinition.withInstanceFuel");
					});
				assertThat(instance.isOpen()).isFalse();
				assertThat(instance.totalFuel()).isGreaterThan(5_000L);
			}
			// a new instance starts with the whole budget
			try (WasmInstance instance = runtime.newInstance("fuel")) {
				assertThat(instance.call("fib", 10L)).isEqualTo(55L);
			}
		}
		assertThat(perCall).containsExactly(1943L);
	}

	@Test
	void theBudgetPerCallStillAppliesUnderABudgetPerInstance() {
		WasmRuntime runtime = runtime(WasmEngine.COMPILER, 100L);
		runtime.define(TestModules.definition("fuel", "fuel.wasm").withInstanceFuel(1_000_000L));
		try (WasmInstance instance = runtime.newInstance("fuel")) {
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("fib", 10L))
				.satisfies((trap) -> assertThat(trap.getMessage()).contains("fuel budget of 100 units (")
					.doesNotContain("across its calls"));
		}
	}

	private WasmRuntime runtime(WasmEngine engine, @Nullable Long defaultFuel) {
		WasmRuntime runtime = WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(CompilationCache.create())
			.withDefaultFuel(defaultFuel)
			.build();
		this.runtimes.add(runtime);
		return runtime;
	}

}
