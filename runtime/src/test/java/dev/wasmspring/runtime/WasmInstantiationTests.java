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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.module.WasmEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What happens while an instance is created: the start function runs under the module's
 * timeout, data that does not fit fails the instantiation, and the runtime counts the
 * instances it created and ended.
 */
class WasmInstantiationTests {

	private final AtomicBoolean spin = new AtomicBoolean();

	private final WasmRuntime runtime = WasmRuntime.builder()
		.withCompilationCache(CompilationCache.create())
		.withHostFunctions(List.of(new Spin(this.spin)))
		.build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void startFunctionRunsWhileTheInstanceIsCreated() {
		this.runtime.define(TestModules.definition("start", "start.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("start")) {
			assertThat(instance.call("started")).isEqualTo(42);
		}
	}

	@Test
	void startFunctionRunningPastTheTimeoutFailsTheInstantiationAndTheNextInstanceWorks() {
		this.runtime.define(TestModules.definition("start", "start.wasm").withTimeout(Duration.ofMillis(200)));
		this.spin.set(true);
		assertThatExceptionOfType(WasmTimeoutException.class).isThrownBy(() -> this.runtime.newInstance("start"))
			.satisfies((timeout) -> assertThat(timeout.getModuleName()).isEqualTo("start"))
			.withMessageContaining("'<start>' did not finish within its timeout of 200ms");
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		this.spin.set(false);
		try (WasmInstance instance = this.runtime.newInstance("start")) {
			assertThat(instance.call("started")).isEqualTo(42);
		}
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

	@Test
	void startFunctionRunsOnTheFuelBudgetAndRunningOutFailsTheInstantiation() {
		for (WasmEngine engine : WasmEngine.values()) {
			try (WasmRuntime metered = WasmRuntime.builder()
				.withEngine(engine)
				.withCompilationCache(CompilationCache.create())
				.withHostFunctions(List.of(new Spin(this.spin)))
				.build()) {
				metered.define(TestModules.definition("start", "start.wasm").withFuel(10_000L));
				this.spin.set(true);
				assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> metered.newInstance("start"))
					.satisfies((trap) -> {
						assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.FUEL_EXHAUSTED);
						assertThat(trap.getExportName()).isEqualTo("<start>");
						assertThat(trap.getMessage()).contains("fuel budget of 10000 units");
					});
				this.spin.set(false);
				try (WasmInstance instance = metered.newInstance("start")) {
					// call $spin and if; then i32.const, global.set and the function's
					// end
					assertThat(instance.lastCallFuel()).isEqualTo(5);
					assertThat(instance.call("started")).isEqualTo(42);
				}
			}
		}
	}

	@Test
	void dataSegmentThatDoesNotFitTheMemoryFailsEveryInstantiationWithATrapNamingTheModule() {
		this.runtime.define(TestModules.definition("oob", "data-out-of-bounds.wasm"));
		for (int attempt = 0; attempt < 2; attempt++) {
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> this.runtime.newInstance("oob"))
				.satisfies((trap) -> assertThat(trap.getKind())
					.isEqualTo(WasmTrapException.Kind.OUT_OF_BOUNDS_MEMORY_ACCESS))
				.withMessageContaining("WASM module 'oob'");
		}
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

	@Test
	void statisticsCountInstancesCreatedAndStillOpen() {
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		WasmInstance first = this.runtime.newInstance("add");
		WasmInstance second = this.runtime.newInstance("add");
		first.close();
		first.close();
		assertThat(this.runtime.statistics().liveInstances()).isEqualTo(1);
		assertThat(this.runtime.statistics().instancesCreated()).isEqualTo(2);
		second.close();
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

	/**
	 * {@code env.spin() -> i32}: tells start.wasm's start function whether to loop
	 * forever.
	 */
	private record Spin(AtomicBoolean spin) implements WasmHostFunction {

		@Override
		public String module() {
			return "env";
		}

		@Override
		public String name() {
			return "spin";
		}

		@Override
		public WasmFunctionType type() {
			return WasmFunctionType.of(List.of(), List.of(WasmValueType.I32));
		}

		@Override
		public long[] invoke(WasmCallContext context, long[] args) {
			return new long[] { this.spin.get() ? 1 : 0 };
		}

	}

}
