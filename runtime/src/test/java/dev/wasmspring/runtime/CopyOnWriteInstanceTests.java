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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Instances whose memory is shared copy-on-write with the module answer every memory
 * instruction exactly as the engine does with its own memory, with either engine, and
 * never see each other's writes.
 */
class CopyOnWriteInstanceTests {

	private static final byte[] MODULE = TestModules.bytes("memory-ops.wasm");

	private static final int PAGE = WasmMemory.PAGE_SIZE;

	private WasmRuntime runtime;

	@AfterEach
	void close() {
		if (this.runtime != null) {
			this.runtime.close();
		}
	}

	private void start(WasmEngine engine) {
		this.runtime = WasmRuntime.builder().withEngine(engine).withCompilationCache(CompilationCache.create()).build();
		this.runtime.define(WasmModuleDefinition.of("ops", ModuleSource.of("classpath:wasm/memory-ops.wasm", MODULE)));
	}

	/**
	 * The engine's own memory, instantiated as the engine does by default: the answer to
	 * compare with.
	 */
	private static long reference(int seed, int steps) {
		WasmModule module = Parser.parse(MODULE);
		Instance instance = Instance.builder(module).build();
		return instance.export("run").apply(seed, steps)[0];
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void randomSequencesOfEveryMemoryInstructionEndAsWithTheEnginesMemory(WasmEngine engine) {
		start(engine);
		for (int seed = 1; seed <= 25; seed++) {
			long expected = reference(seed, 600);
			try (WasmInstance instance = this.runtime.newInstance("ops")) {
				assertThat(instance.callRaw("run", seed, 600)[0]).as("seed %d", seed).isEqualTo(expected);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void eachInstanceStartsFromTheModulesMemoryWhateverAnotherInstanceWrote(WasmEngine engine) {
		start(engine);
		long pristine;
		try (WasmInstance first = this.runtime.newInstance("ops")) {
			pristine = first.callRaw("checksum")[0];
			first.callRaw("run", 7, 800);
			assertThat(first.callRaw("checksum")[0]).isNotEqualTo(pristine);
			try (WasmInstance second = this.runtime.newInstance("ops")) {
				assertThat(second.callRaw("checksum")[0]).isEqualTo(pristine);
				assertThat(second.callRaw("pages")[0]).isEqualTo(2);
			}
		}
		try (WasmInstance third = this.runtime.newInstance("ops")) {
			assertThat(third.callRaw("checksum")[0]).isEqualTo(pristine);
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void concurrentInstancesOnManyThreadsEachGetTheEnginesAnswer(WasmEngine engine) throws Exception {
		start(engine);
		int threads = 3;
		long[] expected = new long[threads * 3];
		for (int i = 0; i < expected.length; i++) {
			expected[i] = reference(100 + i, 500);
		}
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				results.add(executor.submit(() -> {
					for (int round = 0; round < 2; round++) {
						for (int i = thread; i < expected.length; i += threads) {
							try (WasmInstance instance = this.runtime.newInstance("ops")) {
								if (instance.callRaw("run", 100 + i, 500)[0] != expected[i]) {
									return false;
								}
							}
						}
					}
					return true;
				}));
			}
			for (Future<Boolean> result : results) {
				assertThat(result.get(120, TimeUnit.SECONDS)).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void accessesPastTheEndTrapAndGrowingMovesTheEnd(WasmEngine engine) {
		start(engine);
		try (WasmInstance instance = this.runtime.newInstance("ops")) {
			assertThat(instance.callRaw("load_i32", 2 * PAGE - 4)[0]).isZero();
			assertThat(instance.callRaw("grow", 6)[0]).isEqualTo(2);
			assertThat(instance.callRaw("grow", 1)[0]).isEqualTo(-1);
			instance.callRaw("store_i64", 8 * PAGE - 8, 0x0102030405060708L);
			assertThat(instance.callRaw("load_i64", 8 * PAGE - 8)[0]).isEqualTo(0x0102030405060708L);
		}
		assertOutOfBounds("load_i32", 2 * PAGE - 3);
		assertOutOfBounds("load_i64", -1);
		assertOutOfBounds("store_i64", 2 * PAGE - 7, -1L);
		assertOutOfBounds("fill", 2 * PAGE - 10, 1, 11);
		assertOutOfBounds("copy", 0, 2 * PAGE - 10, 11);
		assertOutOfBounds("init", 2 * PAGE - 3, 0, 4);
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void storesAcrossAPageBoundaryLandOnBothPagesAndKeepFloatBits(WasmEngine engine) {
		start(engine);
		try (WasmInstance instance = this.runtime.newInstance("ops")) {
			instance.callRaw("store_i64", PAGE - 3, 0x1122334455667788L);
			assertThat(instance.callRaw("load_i64", PAGE - 3)[0]).isEqualTo(0x1122334455667788L);
			assertThat(instance.callRaw("load_i32", PAGE - 3)[0]).isEqualTo(0x55667788L);
			assertThat(instance.callRaw("load_i32", PAGE + 1)[0]).isEqualTo(0x11223344L);
			long signallingNaN = 0x7FF0_0000_0000_0001L;
			instance.callRaw("store_f64", PAGE - 4, signallingNaN);
			assertThat(instance.callRaw("load_i64", PAGE - 4)[0]).isEqualTo(signallingNaN);
		}
	}

	private void assertOutOfBounds(String export, long... args) {
		try (WasmInstance instance = this.runtime.newInstance("ops")) {
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.callRaw(export, args))
				.satisfies((trap) -> assertThat(trap.getKind())
					.isEqualTo(WasmTrapException.Kind.OUT_OF_BOUNDS_MEMORY_ACCESS));
		}
	}

}
