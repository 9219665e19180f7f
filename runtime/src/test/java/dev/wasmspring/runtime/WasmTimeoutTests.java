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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmImportDescriptor;
import dev.wasmspring.runtime.module.WasmEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A call that runs past its module's timeout is stopped on the caller's thread and fails
 * with {@link WasmTimeoutException}; the thread's interrupt status is as before the call
 * and the next call works.
 */
class WasmTimeoutTests {

	private WasmRuntime runtime;

	@AfterEach
	void close() {
		if (this.runtime != null) {
			this.runtime.close();
		}
		// a test must never hand an interrupted thread to the next one
		assertThat(Thread.interrupted()).isFalse();
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "COMPILER, spin", "COMPILER, spin_with_calls", "INTERPRETER, spin", "INTERPRETER, spin_with_calls" })
	void runawayCallFailsWithTimeoutNamingModuleExportAndLimit(WasmEngine engine, String export) {
		this.runtime = runtime(engine, Duration.ofSeconds(30));
		this.runtime.define(TestModules.definition("loop", "loop.wasm").withTimeout(Duration.ofMillis(200)));
		try (WasmInstance instance = this.runtime.newInstance("loop")) {
			long started = System.nanoTime();
			assertThatExceptionOfType(WasmTimeoutException.class).isThrownBy(() -> instance.call(export))
				.satisfies((timeout) -> {
					assertThat(timeout.getModuleName()).isEqualTo("loop");
					assertThat(timeout.getExportName()).isEqualTo(export);
					assertThat(timeout.getTimeout()).isEqualTo(Duration.ofMillis(200));
					assertThat(timeout.getMessage()).contains("'loop'", "'" + export + "'", "200ms",
							"raise the timeout of module 'loop' (WasmModuleDefinition.withTimeout)");
				});
			// the limit is enforced, not merely reported: a bounded wait, not a speed
			// assertion
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200))
				.isLessThan(Duration.ofSeconds(5));
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
			assertThat(instance.isOpen()).isFalse();
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("ok"))
				.satisfies((thrown) -> assertThat(thrown.getReason())
					.isEqualTo(WasmCallException.Reason.INSTANCE_UNUSABLE))
				.withMessageContaining("discarded after WasmTimeoutException in '" + export + "'");
		}
		try (WasmInstance next = this.runtime.newInstance("loop")) {
			assertThat(next.call("ok")).isEqualTo(1);
		}
	}

	@Test
	void moduleWithoutItsOwnTimeoutUsesTheRuntimeDefault() {
		this.runtime = runtime(WasmEngine.COMPILER, Duration.ofMillis(150));
		this.runtime.define(TestModules.definition("loop", "loop.wasm"));
		assertThat(this.runtime.timeout("loop")).isEqualTo(Duration.ofMillis(150));
		try (WasmInstance instance = this.runtime.newInstance("loop")) {
			assertThatExceptionOfType(WasmTimeoutException.class).isThrownBy(() -> instance.call("spin"))
				.satisfies((timeout) -> assertThat(timeout.getTimeout()).isEqualTo(Duration.ofMillis(150)));
		}
	}

	@Test
	void moduleTimeoutOverridesTheRuntimeDefault() {
		this.runtime = runtime(WasmEngine.COMPILER, Duration.ofMillis(100));
		this.runtime.define(TestModules.definition("slow", "loop.wasm").withTimeout(Duration.ofMillis(300)));
		this.runtime.define(TestModules.definition("fast", "loop.wasm"));
		assertThat(this.runtime.timeout("slow")).isEqualTo(Duration.ofMillis(300));
		assertThat(this.runtime.timeout("fast")).isEqualTo(Duration.ofMillis(100));
		try (WasmInstance instance = this.runtime.newInstance("slow")) {
			assertThatExceptionOfType(WasmTimeoutException.class).isThrownBy(() -> instance.call("spin"))
				.satisfies((timeout) -> assertThat(timeout.getTimeout()).isEqualTo(Duration.ofMillis(300)));
		}
	}

	@Test
	void callThatIsAlreadyInterruptedFailsAndKeepsTheInterruptStatus() {
		this.runtime = runtime(WasmEngine.COMPILER, Duration.ofSeconds(5));
		this.runtime.define(TestModules.definition("loop", "loop.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("loop")) {
			Thread.currentThread().interrupt();
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("ok"))
				.satisfies((thrown) -> assertThat(thrown.getReason()).isEqualTo(WasmCallException.Reason.INTERRUPTED))
				.satisfies((interrupted) -> assertThat(interrupted.getExportName()).isEqualTo("ok"));
			assertThat(Thread.interrupted()).isTrue();
			// refused before it ran: the instance is untouched
			assertThat(instance.call("ok")).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void interruptFromTheApplicationStopsTheCallAndStaysSet(WasmEngine engine) throws Exception {
		this.runtime = runtime(engine, Duration.ZERO);
		this.runtime.define(TestModules.definition("loop", "loop.wasm"));
		Object[] outcome = new Object[2];
		CountDownLatch started = new CountDownLatch(1);
		Thread caller = new Thread(() -> {
			try (WasmInstance instance = this.runtime.newInstance("loop")) {
				started.countDown();
				instance.call("spin");
			}
			catch (RuntimeException ex) {
				outcome[0] = ex;
			}
			outcome[1] = Thread.currentThread().isInterrupted();
		});
		caller.start();
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		Thread.sleep(100);
		caller.interrupt();
		caller.join(5000);
		assertThat(caller.isAlive()).isFalse();
		assertThat(outcome[0]).isInstanceOfSatisfying(WasmCallException.class,
				(thrown) -> assertThat(thrown.getReason()).isEqualTo(WasmCallException.Reason.INTERRUPTED));
		assertThat(((WasmCallException) outcome[0]).getModuleName()).isEqualTo("loop");
		assertThat(outcome[1]).isEqualTo(true);
	}

	@Test
	void timeoutOfZeroMeansNoLimit() {
		this.runtime = runtime(WasmEngine.COMPILER, Duration.ofMillis(50));
		this.runtime.define(TestModules.definition("loop", "loop.wasm").withTimeout(Duration.ZERO));
		assertThat(this.runtime.timeout("loop")).isEqualTo(Duration.ZERO);
		Thread caller = Thread.currentThread();
		Thread interrupter = new Thread(() -> {
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				return;
			}
			caller.interrupt();
		});
		interrupter.start();
		try (WasmInstance instance = this.runtime.newInstance("loop")) {
			// still spinning well past the runtime default: only the application's
			// interrupt stops it
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("spin"))
				.satisfies((thrown) -> assertThat(thrown.getReason()).isEqualTo(WasmCallException.Reason.INTERRUPTED));
		}
		assertThat(Thread.interrupted()).isTrue();
	}

	@Test
	void timedOutCallDoesNotDisturbOtherThreadsCalls() throws Exception {
		this.runtime = runtime(WasmEngine.COMPILER, Duration.ZERO);
		this.runtime.define(TestModules.definition("loop", "loop.wasm").withTimeout(Duration.ofMillis(300)));
		Thread bystander = new Thread(() -> {
			try (WasmInstance instance = this.runtime.newInstance("loop")) {
				long until = System.nanoTime() + Duration.ofMillis(600).toNanos();
				while (System.nanoTime() < until) {
					instance.call("ok");
				}
			}
		});
		List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		bystander.setUncaughtExceptionHandler((thread, ex) -> failures.add(ex));
		bystander.start();
		try (WasmInstance instance = this.runtime.newInstance("loop")) {
			assertThatExceptionOfType(WasmTimeoutException.class).isThrownBy(() -> instance.call("spin"));
		}
		bystander.join(5000);
		assertThat(failures).isEmpty();
	}

	@Test
	void hostFunctionBlockedAtTheDeadlineIsStoppedOnTheCallersThread() {
		Thread caller = Thread.currentThread();
		List<Thread> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
		List<Boolean> sawInterrupt = new java.util.concurrent.CopyOnWriteArrayList<>();
		List<WasmHostFunction> hostFunctions = new java.util.ArrayList<>();
		try (CompiledModule imports = CompilationCache.create()
			.compile(TestModules.bytes("imports.wasm"), WasmEngine.COMPILER, null, "imports.wasm")) {
			for (WasmImportDescriptor imported : imports.imports()) {
				hostFunctions.add(new StubHostFunction(imported, () -> {
					ranOn.add(Thread.currentThread());
					if (imported.name().equals("get_i32")) {
						try {
							Thread.sleep(30_000);
						}
						catch (InterruptedException ex) {
							sawInterrupt.add(true);
							throw ex;
						}
					}
				}));
			}
		}
		this.runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withHostFunctions(hostFunctions)
			.build();
		this.runtime.define(TestModules.definition("imports", "imports.wasm").withTimeout(Duration.ofMillis(200)));
		try (WasmInstance instance = this.runtime.newInstance("imports")) {
			assertThat(instance.call("call_negate", 5)).isEqualTo(0);
			assertThatExceptionOfType(WasmTimeoutException.class).isThrownBy(() -> instance.call("call_get_i32"))
				.satisfies((timeout) -> assertThat(timeout.getExportName()).isEqualTo("call_get_i32"));
		}
		assertThat(ranOn).containsOnly(caller);
		assertThat(sawInterrupt).containsExactly(true);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

	/** Provides an import with zero results, after running an action. */
	private record StubHostFunction(WasmImportDescriptor imported, Action action) implements WasmHostFunction {

		@Override
		public String module() {
			return this.imported.module();
		}

		@Override
		public String name() {
			return this.imported.name();
		}

		@Override
		public WasmFunctionType type() {
			return this.imported.type();
		}

		@Override
		public long[] invoke(WasmCallContext context, long[] args) throws Exception {
			this.action.run();
			return new long[this.imported.type().results().size()];
		}

	}

	@FunctionalInterface
	private interface Action {

		void run() throws Exception;

	}

	private static WasmRuntime runtime(WasmEngine engine, Duration defaultTimeout) {
		return WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(CompilationCache.create())
			.withDefaultTimeout(defaultTimeout)
			.build();
	}

}
