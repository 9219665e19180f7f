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
import java.util.stream.Stream;

import com.dylibso.chicory.runtime.Instance;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.internal.instance.InstanceTemplate;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmSnapshot;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances of big modules (scripts/gen_bigmod.py: a JavaScript engine's shape with a
 * table of 3,001 functions and 48 globals of its own, a Go program's with 271 pages)
 * share what the module's instances start with, their tables among it, and still share no
 * state: a table one instance writes or grows, its globals and its memory stay its own,
 * on both engines, with and without a snapshot.
 */
class BigModuleInstancesTests {

	// answers of the generated interpreter, computed by scripts/gen_bigmod.py
	private static final int JAVY_RUN_1000_7 = -470821653;

	private static final int GO_RUN_1000_7 = -1851797791;

	private final List<WasmRuntime> runtimes = new ArrayList<>();

	@AfterEach
	void close() {
		this.runtimes.forEach(WasmRuntime::close);
	}

	static Stream<Arguments> modules() {
		List<Arguments> arguments = new ArrayList<>();
		for (String module : List.of("bigmod-javy", "bigmod-go")) {
			for (WasmEngine engine : WasmEngine.values()) {
				for (WasmSnapshot snapshot : List.of(WasmSnapshot.NONE, WasmSnapshot.AFTER_INITIALIZE)) {
					arguments.add(Arguments.of(module, engine, snapshot));
				}
			}
		}
		return arguments.stream();
	}

	private WasmRuntime runtime(String module, WasmEngine engine, WasmSnapshot snapshot) {
		WasmRuntime runtime = WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(CompilationCache.create())
			.build();
		this.runtimes.add(runtime);
		runtime.define(TestModules.definition(module, module + ".wasm")
			.withWasi(WasiConfig.enabled())
			// above the Go shape's 271 pages
			.withMaxMemory(32L << 20)
			.withSnapshot(snapshot));
		return runtime;
	}

	@ParameterizedTest
	@MethodSource("modules")
	void interpreterGivesTheGeneratedAnswersThroughTheSharedTable(String module, WasmEngine engine,
			WasmSnapshot snapshot) {
		WasmRuntime runtime = runtime(module, engine, snapshot);
		int expected = module.equals("bigmod-javy") ? JAVY_RUN_1000_7 : GO_RUN_1000_7;
		for (int i = 0; i < 2; i++) {
			try (WasmInstance instance = runtime.newInstance(module)) {
				assertThat(instance.call("ok")).isEqualTo(1);
				assertThat(instance.call("run", 1000, 7)).isEqualTo(expected);
				// every builtin counted its call in one of the module's globals
				assertThat(instance.call("globals_sum")).isEqualTo(1000L);
				assertThat(sharesTheModulesTable(instance)).isTrue();
			}
		}
	}

	@ParameterizedTest
	@MethodSource("modules")
	void tableWrittenAndGrownByOneInstanceStaysItsOwn(String module, WasmEngine engine, WasmSnapshot snapshot) {
		WasmRuntime runtime = runtime(module, engine, snapshot);
		int size;
		try (WasmInstance first = runtime.newInstance(module); WasmInstance second = runtime.newInstance(module)) {
			size = (Integer) first.call("table_size");
			int slot0 = (Integer) first.call("builtin_slot", 0);
			int slot1 = (Integer) first.call("builtin_slot", 1);
			int original = (Integer) second.call("builtin_at", slot0, 1000);
			int other = (Integer) second.call("builtin_at", slot1, 1000);
			assertThat(original).isNotEqualTo(other);

			first.call("table_copy", slot0, slot1);
			assertThat(first.call("table_grow", 10)).isEqualTo(size);
			assertThat(sharesTheModulesTable(first)).isFalse();
			assertThat(first.call("builtin_at", slot0, 1000)).isEqualTo(other);
			assertThat(first.call("table_size")).isEqualTo(size + 10);
			// the grown slots hold the module's first entry, callable
			assertThat(first.call("builtin_at", size + 9, 1000)).isEqualTo(first.call("builtin_at", 1, 1000));

			assertThat(second.call("builtin_at", slot0, 1000)).isEqualTo(original);
			assertThat(second.call("table_size")).isEqualTo(size);
			assertThat(sharesTheModulesTable(second)).isTrue();
		}
		try (WasmInstance third = runtime.newInstance(module)) {
			assertThat(third.call("table_size")).isEqualTo(size);
			assertThat(sharesTheModulesTable(third)).isTrue();
			int slot0 = (Integer) third.call("builtin_slot", 0);
			int slot1 = (Integer) third.call("builtin_slot", 1);
			assertThat(third.call("builtin_at", slot0, 1000)).isNotEqualTo(third.call("builtin_at", slot1, 1000));
		}
	}

	@ParameterizedTest
	@MethodSource("modules")
	void globalsAndMemoryWrittenByOneInstanceStayItsOwn(String module, WasmEngine engine, WasmSnapshot snapshot) {
		WasmRuntime runtime = runtime(module, engine, snapshot);
		int globals = module.equals("bigmod-javy") ? 48 : 8;
		try (WasmInstance first = runtime.newInstance(module); WasmInstance second = runtime.newInstance(module)) {
			int scratch = (Integer) first.call("scratch_address");
			assertThat(first.call("bump_globals", 5L)).isEqualTo(5L * globals);
			first.call("poke", scratch, 7);
			// the program's first byte, from the data segment
			first.call("poke", first.call("program_address"), 0);
			assertThat(first.call("peek", scratch)).isEqualTo(7);
			assertThat(first.call("ok")).isEqualTo(0);

			assertThat(second.call("globals_sum")).isEqualTo(0L);
			assertThat(second.call("peek", scratch)).isEqualTo(0);
			assertThat(second.call("ok")).isEqualTo(1);
		}
		try (WasmInstance third = runtime.newInstance(module)) {
			assertThat(third.call("globals_sum")).isEqualTo(0L);
			assertThat(third.call("peek", (Integer) third.call("scratch_address"))).isEqualTo(0);
			assertThat(third.call("ok")).isEqualTo(1);
		}
	}

	private static boolean sharesTheModulesTable(WasmInstance instance) {
		Instance engine = instance.guest().engineInstance();
		return InstanceTemplate.isPristine(engine.table(0));
	}

}
