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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmCancelledException;
import dev.wasmspring.runtime.function.WasmCancelHandle;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.module.WasmEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@link WasmCancelHandle} stops an instance's running call from another thread, as
 * Extism's cancel handle does (its test_cancel): the call fails with
 * {@link WasmCancelledException} naming module and export, on either engine, in guest
 * code and in host functions; the instance is discarded and a new one works.
 */
class WasmCancelTests {

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
	void cancelStopsARunawayCallWithoutATimeout(WasmEngine engine, String export) throws Exception {
		this.runtime = runtime(engine, List.of());
		this.runtime.define(TestModules.definition("loop", "loop.wasm").withTimeout(Duration.ZERO));
		try (WasmInstance instance = this.runtime.newInstance("loop")) {
			WasmCancelHandle handle = instance.cancelHandle();
			assertThat(handle.moduleName()).isEqualTo("loop");
			Canceller canceller = Canceller.start(handle);
			assertThatExceptionOfType(WasmCancelledException.class).isThrownBy(() -> instance.call(export))
				.satisfies((cancelled) -> {
					assertThat(cancelled.getReason()).isEqualTo(WasmCallException.Reason.CANCELLED);
					assertThat(cancelled.getModuleName()).isEqualTo("loop");
					assertThat(cancelled.getExportName()).isEqualTo(export);
					assertThat(cancelled.getMessage()).contains("'loop'", "'" + export + "'", "cancelled",
							"WasmCancelHandle.cancel");
				});
			assertThat(canceller.await()).isTrue();
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
			assertThat(instance.isOpen()).isFalse();
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("ok"))
				.satisfies((thrown) -> assertThat(thrown.getReason())
					.isEqualTo(WasmCallException.Reason.INSTANCE_UNUSABLE))
				.withMessageContaining("discarded after WasmCancelledException in '" + export + "'");
		}
		try (WasmInstance next = this.runtime.newInstance("loop")) {
			assertThat(next.call("ok")).isEqualTo(1);
		}
	}

	@Test
	void cancelOfACallWithATimeoutFailsAsCancelledNotTimedOut() throws Exception {
		this.runtime = runtime(WasmEngine.COMPILER, List.of());
		this.runtime.define(TestModules.definition("loop", "loop.wasm").withTimeout(Duration.ofSeconds(60)));
		try (WasmInstance instance = this.runtime.newInstance("loop")) {
			Canceller canceller = Canceller.start(instance.cancelHandle());
			assertThatExceptionOfType(WasmCancelledException.class).isThrownBy(() -> instance.call("spin"));
			assertThat(canceller.await()).isTrue();
		}
	}

	@Test
	void cancelBetweenCallsDoesNothing() {
		this.runtime = runtime(WasmEngine.COMPILER, List.of());
		this.runtime.define(TestModules.definition("loop", "loop.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("loop")) {
			WasmCancelHandle handle = instance.cancelHandle();
			assertThat(handle.cancel()).isFalse();
			assertThat(instance.call("ok")).isEqualTo(1);
			assertThat(handle.cancel()).isFalse();
			assertThat(instance.call("ok")).isEqualTo(1);
			assertThat(instance.isOpen()).isTrue();
		}
	}

	@Test
	void aHandleKeptAfterItsInstanceClosesHoldsNothingAndCancelsNothing() throws Exception {
		this.runtime = runtime(WasmEngine.COMPILER, List.of());
		this.runtime.define(TestModules.definition("loop", "loop.wasm").withTimeout(Duration.ZERO));
		WasmCancelHandle[] handle = new WasmCancelHandle[1];
		java.lang.ref.WeakReference<WasmInstance> closed = cancelAndClose(handle);
		// nothing to close, and nothing to stop once the instance is gone
		assertThat(handle[0]).isNotInstanceOf(AutoCloseable.class);
		assertThat(handle[0].cancel()).isFalse();
		assertThat(this.runtime.statistics().liveInstances()).isZero();
		// the handle does not keep the instance (its memory, its guest) reachable
		assertThat(collected(closed)).as("the closed instance is collected while its handle is kept").isTrue();
		assertThat(handle[0].cancel()).isFalse();
		assertThat(handle[0].moduleName()).isEqualTo("loop");
		try (WasmInstance next = this.runtime.newInstance("loop")) {
			assertThat(next.call("ok")).isEqualTo(1);
		}
	}

	private java.lang.ref.WeakReference<WasmInstance> cancelAndClose(WasmCancelHandle[] handle) throws Exception {
		WasmInstance instance = this.runtime.newInstance("loop");
		handle[0] = instance.cancelHandle();
		Canceller canceller = Canceller.start(handle[0]);
		assertThatExceptionOfType(WasmCancelledException.class).isThrownBy(() -> instance.call("spin"));
		assertThat(canceller.await()).isTrue();
		instance.close();
		return new java.lang.ref.WeakReference<>(instance);
	}

	private static boolean collected(java.lang.ref.WeakReference<?> reference) throws InterruptedException {
		for (int i = 0; i < 50 && reference.get() != null; i++) {
			System.gc();
			Thread.sleep(20);
		}
		return reference.get() == null;
	}

	@Test
	void cancelStopsAnExtismPluginLoopingForeverAsExtismsTestCancelDoes() throws Exception {
		this.runtime = runtime(WasmEngine.COMPILER, List.of());
		this.runtime.define(TestModules.definition("loop", "extism-c.wasm").withTimeout(Duration.ZERO));
		// Extism's test_cancel: five calls, each cancelled from another thread
		for (int i = 0; i < 5; i++) {
			try (WasmInstance plugin = this.runtime.newInstance("loop")) {
				Canceller canceller = Canceller.start(plugin.cancelHandle());
				assertThatExceptionOfType(WasmCancelledException.class)
					.isThrownBy(() -> plugin.callText("loop_forever", "abc123"))
					.satisfies((cancelled) -> assertThat(cancelled.getExportName()).isEqualTo("loop_forever"));
				assertThat(canceller.await()).isTrue();
			}
		}
		try (WasmInstance plugin = this.runtime.newInstance("loop")) {
			assertThat(plugin.callText("vowels", "aeiou")).isEqualTo("5");
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void cancelStopsAHostFunctionThatSwallowsInterrupts(WasmEngine engine) throws Exception {
		AtomicInteger interrupts = new AtomicInteger();
		List<Thread> ranOn = new CopyOnWriteArrayList<>();
		WasmHostFunction stubborn = new StubHostFunction("env", "get_i32",
				StubHostFunction.type(List.of(), List.of(WasmValueType.I32)), (context, args) -> {
					ranOn.add(Thread.currentThread());
					// swallows the cancel's interrupt twice: the repeated interrupts end
					// the wait, and the call stops at the function's return
					while (interrupts.get() < 3) {
						try {
							Thread.sleep(30_000);
						}
						catch (InterruptedException ex) {
							interrupts.incrementAndGet();
						}
					}
					return new long[] { 7 };
				});
		this.runtime = runtime(engine, StubHostFunction.forImportsModule(stubborn));
		this.runtime.define(TestModules.definition("imports", "imports.wasm").withTimeout(Duration.ZERO));
		try (WasmInstance instance = this.runtime.newInstance("imports")) {
			Canceller canceller = Canceller.start(instance.cancelHandle());
			assertThatExceptionOfType(WasmCancelledException.class).isThrownBy(() -> instance.call("call_get_i32"))
				.satisfies((cancelled) -> assertThat(cancelled.getExportName()).isEqualTo("call_get_i32"));
			assertThat(canceller.await()).isTrue();
		}
		assertThat(ranOn).containsOnly(Thread.currentThread());
		assertThat(interrupts.get()).isEqualTo(3);
	}

	@Test
	void cancelStopsTheCallsAHostFunctionMakesIntoOtherInstances() throws Exception {
		AtomicReference<Throwable> inner = new AtomicReference<>();
		CountDownLatch innerStarting = new CountDownLatch(1);
		WasmHostFunction nested = new StubHostFunction("env", "get_i32",
				StubHostFunction.type(List.of(), List.of(WasmValueType.I32)), (context, args) -> {
					try (WasmInstance loop = this.runtime.newInstance("loop")) {
						innerStarting.countDown();
						loop.call("spin");
					}
					catch (WasmCallException ex) {
						inner.set(ex);
						throw ex;
					}
					return new long[] { 7 };
				});
		this.runtime = runtime(WasmEngine.COMPILER, StubHostFunction.forImportsModule(nested));
		this.runtime.define(TestModules.definition("imports", "imports.wasm").withTimeout(Duration.ZERO));
		this.runtime.define(TestModules.definition("loop", "loop.wasm").withTimeout(Duration.ofSeconds(60)));
		try (WasmInstance instance = this.runtime.newInstance("imports")) {
			Canceller canceller = Canceller.start(instance.cancelHandle(), innerStarting);
			assertThatExceptionOfType(WasmCancelledException.class).isThrownBy(() -> instance.call("call_get_i32"))
				.satisfies((cancelled) -> assertThat(cancelled.getModuleName()).isEqualTo("imports"));
			assertThat(canceller.await()).isTrue();
		}
		assertThat(inner.get()).isInstanceOfSatisfying(WasmCancelledException.class,
				(cancelled) -> assertThat(cancelled.getModuleName()).isEqualTo("loop"));
	}

	@ParameterizedTest
	@CsvSource({ "PT0S", "PT60S" })
	void cancelOfANestedCallLetsTheCallThatMadeItGoOn(Duration outerTimeout) throws Exception {
		AtomicReference<WasmCancelHandle> innerHandle = new AtomicReference<>();
		WasmHostFunction nested = new StubHostFunction("env", "get_i32",
				StubHostFunction.type(List.of(), List.of(WasmValueType.I32)), (context, args) -> {
					try (WasmInstance loop = this.runtime.newInstance("loop")) {
						innerHandle.set(loop.cancelHandle());
						loop.call("spin");
					}
					catch (WasmCancelledException ex) {
						return new long[] { 42 };
					}
					return new long[] { 7 };
				});
		this.runtime = runtime(WasmEngine.COMPILER, StubHostFunction.forImportsModule(nested));
		this.runtime.define(TestModules.definition("imports", "imports.wasm").withTimeout(outerTimeout));
		this.runtime.define(TestModules.definition("loop", "loop.wasm").withTimeout(Duration.ZERO));
		try (WasmInstance instance = this.runtime.newInstance("imports")) {
			WasmCancelHandle outer = instance.cancelHandle();
			Thread canceller = new Thread(() -> {
				try {
					while (innerHandle.get() == null || !innerHandle.get().cancel()) {
						Thread.sleep(2);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			canceller.start();
			assertThat(instance.call("call_get_i32")).isEqualTo(42);
			canceller.join(10_000);
			assertThat(canceller.isAlive()).isFalse();
			// the outer call went on to its end, and the instance serves the next call
			assertThat(outer.cancel()).isFalse();
			assertThat(instance.call("call_negate", 5)).isEqualTo(0);
			assertThat(instance.isOpen()).isTrue();
		}
	}

	private static WasmRuntime runtime(WasmEngine engine, List<WasmHostFunction> hostFunctions) {
		return WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(CompilationCache.create())
			.withHostFunctions(hostFunctions)
			.build();
	}

	/** Cancels from another thread once the call has run a while. */
	private static final class Canceller {

		private final Thread thread;

		private volatile boolean cancelled;

		private Canceller(WasmCancelHandle handle, CountDownLatch running) {
			this.thread = new Thread(() -> {
				try {
					running.await();
					Thread.sleep(100);
					while (!handle.cancel()) {
						Thread.sleep(5);
					}
					this.cancelled = true;
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "canceller");
		}

		static Canceller start(WasmCancelHandle handle) {
			return start(handle, new CountDownLatch(0));
		}

		/** Cancels once {@code running} is counted down and the call has run a while. */
		static Canceller start(WasmCancelHandle handle, CountDownLatch running) {
			Canceller canceller = new Canceller(handle, running);
			canceller.thread.setDaemon(true);
			canceller.thread.start();
			return canceller;
		}

		boolean await() throws InterruptedException {
			this.thread.join(10_000);
			return !this.thread.isAlive() && this.cancelled;
		}

	}

}
