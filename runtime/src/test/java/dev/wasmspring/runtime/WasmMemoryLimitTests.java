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
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.module.WasmEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A module's memory grows up to its limit (its own, else the runtime default, never above
 * what it declares) and {@code memory.grow} past the limit returns -1, as WebAssembly
 * defines: no trap, and the instance keeps working.
 */
class WasmMemoryLimitTests {

	private static final long MIB = 1024 * 1024;

	private static final int PAGE = WasmMemory.PAGE_SIZE;

	private WasmRuntime runtime;

	@AfterEach
	void close() {
		if (this.runtime != null) {
			this.runtime.close();
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void aTrapAfterARefusedGrowSaysThatMemoryWasRefused(WasmEngine engine) {
		this.runtime = runtime(engine, 16 * MIB);
		this.runtime.define(TestModules.definition("traps", "traps.wasm").withMaxMemory(2L * PAGE));
		try (WasmInstance instance = this.runtime.newInstance("traps")) {
			// what an allocator does when memory runs out, before the plugin aborts (Rust
			// ends in unreachable); the
			// module declares a maximum of one page, below the limit
			assertThat(instance.call("grow_memory", 100)).isEqualTo(-1);
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("unreachable"))
				.satisfies((trap) -> assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.UNREACHABLE))
				.withMessageContaining("The guest's memory.grow was refused 1 time(s) in this instance: its memory "
						+ "limit of 65536 bytes (the memory limit of module 'traps' (WasmModuleDefinition.withMaxMemory))");
		}
		try (WasmInstance instance = this.runtime.newInstance("traps")) {
			// without a refused grow, a trap says nothing of memory
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("unreachable"))
				.withMessageNotContaining("memory.grow");
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void growPastTheDefaultLimitReturnsMinusOneAndTheInstanceGoesOn(WasmEngine engine) {
		this.runtime = runtime(engine, 16 * MIB);
		this.runtime.define(TestModules.definition("loop", "loop.wasm"));
		assertThat(this.runtime.maxMemoryBytes("loop")).isEqualTo(16 * MIB);
		try (WasmInstance instance = this.runtime.newInstance("loop")) {
			assertThat(instance.call("pages")).isEqualTo(1);
			assertThat(instance.call("grow", 256)).isEqualTo(-1);
			assertThat(instance.call("grow", 255)).isEqualTo(1);
			assertThat(instance.call("pages")).isEqualTo(256);
			assertThat(instance.call("grow", 1)).isEqualTo(-1);
			assertThat(instance.call("pages")).isEqualTo(256);
			assertThat(instance.memory().size()).isEqualTo(16 * MIB);
			assertThat(instance.isOpen()).isTrue();
			assertThat(instance.call("grow", 0)).isEqualTo(256);
		}
	}

	@Test
	void moduleLimitOverridesTheDefaultAndIsRoundedDownToWholePages() {
		this.runtime = runtime(WasmEngine.COMPILER, 16 * MIB);
		this.runtime.define(TestModules.definition("small", "loop.wasm").withMaxMemory(3L * PAGE + 100));
		assertThat(this.runtime.maxMemoryBytes("small")).isEqualTo(3L * PAGE);
		try (WasmInstance instance = this.runtime.newInstance("small")) {
			assertThat(instance.call("grow", 2)).isEqualTo(1);
			assertThat(instance.call("grow", 1)).isEqualTo(-1);
			assertThat(instance.call("pages")).isEqualTo(3);
		}
	}

	@Test
	void declaredMaximumBelowTheLimitStillApplies() {
		this.runtime = runtime(WasmEngine.COMPILER, 16 * MIB);
		this.runtime.define(TestModules.definition("traps", "traps.wasm").withMaxMemory(64 * MIB));
		assertThat(this.runtime.maxMemoryBytes("traps")).isEqualTo(PAGE);
		try (WasmInstance instance = this.runtime.newInstance("traps")) {
			assertThat(instance.call("grow_memory", 1)).isEqualTo(-1);
			assertThat(instance.call("grow_memory", 0)).isEqualTo(1);
			assertThat(instance.call("ok")).isEqualTo(1);
		}
	}

	@Test
	void moduleLimitBelowTheInitialMemoryFailsTheLoadNamingTheProperty() {
		this.runtime = runtime(WasmEngine.COMPILER, 16 * MIB);
		// counter.wasm starts with 2 pages
		assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(
				() -> this.runtime.define(TestModules.definition("counter", "counter.wasm").withMaxMemory((long) PAGE)))
			.satisfies((failure) -> {
				assertThat(failure.getReason()).isEqualTo(WasmModuleLoadException.Reason.MEMORY_LIMIT_TOO_LOW);
				assertThat(failure.getModuleName()).isEqualTo("counter");
				assertThat(failure.getMessage()).contains("initial memory of 2 pages (131072 bytes)",
						"the memory limit of module 'counter' (WasmModuleDefinition.withMaxMemory)");
			});
		assertThat(this.runtime.hasModule("counter")).isFalse();
	}

	@Test
	void defaultLimitBelowTheInitialMemoryFailsTheLoadRatherThanLeaveNoRoomToGrow() {
		this.runtime = runtime(WasmEngine.COMPILER, (long) PAGE);
		// counter.wasm starts with 2 pages
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.runtime.define(TestModules.definition("counter", "counter.wasm")))
			.satisfies((failure) -> {
				assertThat(failure.getReason()).isEqualTo(WasmModuleLoadException.Reason.MEMORY_LIMIT_TOO_LOW);
				assertThat(failure.getMessage()).contains("default memory limit of 65536 bytes (1 page)",
						"initial memory of 2 pages (131072 bytes)", "no room to grow");
			});
		assertThat(this.runtime.hasModule("counter")).isFalse();
		this.runtime.define(TestModules.definition("counter", "counter.wasm").withMaxMemory(4L * PAGE));
		try (WasmInstance instance = this.runtime.newInstance("counter")) {
			assertThat(instance.call("fib", 10)).isEqualTo(55L);
		}
	}

	@Test
	void withoutAnyLimitTheModulesDeclaredMaximumApplies() {
		this.runtime = runtime(WasmEngine.COMPILER, null);
		this.runtime.define(TestModules.definition("traps", "traps.wasm"));
		this.runtime.define(TestModules.definition("loop", "loop.wasm"));
		assertThat(this.runtime.maxMemoryBytes("traps")).isEqualTo(PAGE);
		// no declared maximum: the engine's own ceiling of 32767 pages (just under 2 GiB)
		assertThat(this.runtime.maxMemoryBytes("loop")).isEqualTo(32767L * PAGE);
	}

	@Test
	void everyInstanceGetsItsOwnMemoryBudget() {
		this.runtime = runtime(WasmEngine.COMPILER, 2 * MIB);
		this.runtime.define(TestModules.definition("loop", "loop.wasm"));
		try (WasmInstance first = this.runtime.newInstance("loop");
				WasmInstance second = this.runtime.newInstance("loop")) {
			assertThat(first.call("grow", 31)).isEqualTo(1);
			assertThat(second.call("grow", 31)).isEqualTo(1);
			assertThat(first.call("grow", 1)).isEqualTo(-1);
			assertThat(second.call("pages")).isEqualTo(32);
		}
		try (WasmInstance fresh = this.runtime.newInstance("loop")) {
			assertThat(fresh.call("pages")).isEqualTo(1);
		}
	}

	private static WasmRuntime runtime(WasmEngine engine, Long defaultMaxMemory) {
		return WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(CompilationCache.create())
			.withDefaultMaxMemory(defaultMaxMemory)
			.build();
	}

}
