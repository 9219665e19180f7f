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
import java.util.concurrent.atomic.AtomicReference;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.module.WasmEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A call's deadline holds whatever its host functions do with the watchdog's interrupt:
 * swallow it, restore it, ignore it, or wait again after it. The call never succeeds past
 * its deadline and the guest never runs again after a host function returns late; the
 * caller gets {@link WasmTimeoutException} within the limit plus 250 ms when the host
 * function returns promptly on an interrupt, otherwise as soon as it returns.
 */
class WasmDeadlineTests {

	private static final Duration TIMEOUT = Duration.ofMillis(200);

	/**
	 * The allowance the guarantee gives beyond the limit, when the host function returns
	 * promptly.
	 */
	private static final Duration ALLOWANCE = Duration.ofMillis(250);

	private final AtomicReference<HostBody> body = new AtomicReference<>();

	private WasmRuntime runtime;

	// the caller's interrupt status right after the timed-out call, cleared for the next
	// call
	private boolean interruptedAfterCall;

	private boolean expectInterrupt;

	private WasmEngine engine;

	/**
	 * The first timeout in a JVM loads and links the classes of the failure path and
	 * starts the watchdog thread, which takes a few hundred milliseconds on a busy
	 * machine; the guarantee is measured warm.
	 */
	@BeforeAll
	static void warmUp() {
		for (WasmEngine engine : WasmEngine.values()) {
			WasmHostFunction block = new StubHostFunction("env", "block", StubHostFunction.type(List.of(), List.of()),
					(context, args) -> {
						try {
							Thread.sleep(20_000);
						}
						catch (InterruptedException ex) {
							// swallowed, as in the tests
						}
						return new long[0];
					});
			try (WasmRuntime runtime = WasmRuntime.builder()
				.withEngine(engine)
				.withCompilationCache(CompilationCache.create())
				.withHostFunctions(List.of(block))
				.build()) {
				runtime.define(TestModules.definition("warm", "deadline.wasm").withTimeout(Duration.ofMillis(50)));
				try (WasmInstance instance = runtime.newInstance("warm")) {
					assertThatExceptionOfType(WasmTimeoutException.class)
						.isThrownBy(() -> instance.call("call_then_spin"));
				}
			}
		}
	}

	@AfterEach
	void close() {
		if (this.runtime != null) {
			this.runtime.close();
		}
		assertThat(Thread.interrupted()).isFalse();
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void hostFunctionThatSwallowsTheInterruptCannotLetTheGuestSpinOn(WasmEngine engine) {
		this.body.set(() -> {
			try {
				Thread.sleep(20_000);
			}
			catch (InterruptedException ex) {
				// carries on as if nothing happened
			}
		});
		assertTimesOutWithin(engine, "call_then_spin", TIMEOUT.plus(ALLOWANCE));
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void hostFunctionThatRestoresTheInterruptCannotMakeTheCallSucceed(WasmEngine engine) {
		this.body.set(() -> {
			try {
				Thread.sleep(20_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		assertTimesOutWithin(engine, "call_then_return", TIMEOUT.plus(ALLOWANCE));
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void hostFunctionThatWaitsAgainAfterEachInterruptIsInterruptedAgain(WasmEngine engine) {
		this.body.set(() -> {
			for (int i = 0; i < 5; i++) {
				try {
					Thread.sleep(4_000);
				}
				catch (InterruptedException ex) {
					// swallowed: the next wait must be interrupted too
				}
			}
		});
		// five waits, each ended by a new interrupt: well inside the allowance, far below
		// one wait
		assertTimesOutWithin(engine, "call_then_return", TIMEOUT.plus(ALLOWANCE));
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void hostFunctionThatIgnoresTheInterruptFailsTheCallAsSoonAsItReturns(WasmEngine engine) {
		Duration busy = Duration.ofMillis(900);
		this.body.set(() -> {
			long until = System.nanoTime() + busy.toNanos();
			while (System.nanoTime() < until) {
				Thread.onSpinWait();
			}
		});
		Duration took = assertTimesOutWithin(engine, "call_then_return", busy.plus(ALLOWANCE));
		assertThat(took).isGreaterThanOrEqualTo(busy);
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void guestCallingASwallowingHostFunctionInALoopIsStopped(WasmEngine engine) {
		this.body.set(() -> {
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				// swallowed on every call
			}
		});
		assertTimesOutWithin(engine, "call_forever", TIMEOUT.plus(ALLOWANCE));
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void nestedCallWithAShorterTimeoutRunsUnderItsOwnDeadline(WasmEngine engine) {
		AtomicReference<Throwable> inner = new AtomicReference<>();
		this.body.set(() -> {
			try (WasmInstance nested = this.runtime.newInstance("inner")) {
				nested.call("spin");
			}
			catch (WasmTimeoutException ex) {
				inner.set(ex);
			}
		});
		this.runtime = runtime(engine);
		this.runtime.define(TestModules.definition("outer", "deadline.wasm").withTimeout(Duration.ofSeconds(20)));
		this.runtime.define(TestModules.definition("inner", "loop.wasm").withTimeout(Duration.ofMillis(100)));
		long started = System.nanoTime();
		try (WasmInstance outer = this.runtime.newInstance("outer")) {
			// the inner call stops at its own 100 ms; the outer one goes on under its 20
			// s and succeeds
			assertThat(outer.call("call_then_return")).isEqualTo(7);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100).plus(ALLOWANCE));
		assertThat(inner.get()).isInstanceOfSatisfying(WasmTimeoutException.class,
				(timeout) -> assertThat(timeout.getModuleName()).isEqualTo("inner"));
		// the outer deadline applies again once the nested call has returned
		this.body.set(() -> {
			try (WasmInstance nested = this.runtime.newInstance("inner")) {
				assertThat(nested.call("ok")).isEqualTo(1);
			}
		});
		try (WasmInstance outer = this.runtime.newInstance("outer")) {
			assertThat(outer.call("call_then_return")).isEqualTo(7);
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void interruptFromTheApplicationArrivingWithTheWatchdogsIsKept(WasmEngine engine) {
		Thread caller = Thread.currentThread();
		this.expectInterrupt = true;
		this.body.set(() -> {
			// the application interrupts its own thread, then the deadline passes while
			// the host function works
			caller.interrupt();
			long until = System.nanoTime() + TIMEOUT.multipliedBy(2).toNanos();
			while (System.nanoTime() < until) {
				Thread.onSpinWait();
			}
		});
		assertTimesOutWithin(engine, "call_then_return", TIMEOUT.multipliedBy(2).plus(ALLOWANCE));
		assertThat(this.interruptedAfterCall).as("the application's interrupt").isTrue();
	}

	private Duration assertTimesOutWithin(WasmEngine engine, String export, Duration bound) {
		if (this.runtime == null) {
			this.runtime = runtime(engine);
			this.runtime.define(TestModules.definition("hostile", "deadline.wasm").withTimeout(TIMEOUT));
		}
		Duration took;
		try (WasmInstance instance = this.runtime.newInstance("hostile")) {
			// the instance is made and warm before the clock starts: only the call is
			// timed
			assertThat(instance.call("ok")).isEqualTo(1);
			long started = System.nanoTime();
			assertThatExceptionOfType(WasmTimeoutException.class).isThrownBy(() -> instance.call(export))
				.satisfies((timeout) -> {
					assertThat(timeout.getModuleName()).isEqualTo("hostile");
					assertThat(timeout.getExportName()).isEqualTo(export);
					assertThat(timeout.getTimeout()).isEqualTo(TIMEOUT);
				});
			took = Duration.ofNanos(System.nanoTime() - started);
			this.interruptedAfterCall = Thread.interrupted();
			assertThat(instance.isOpen()).isFalse();
		}
		System.out.printf("deadline %s %s: timed out after %d ms (limit %d ms)%n", engineName(), export,
				took.toMillis(), TIMEOUT.toMillis());
		if (!this.expectInterrupt) {
			assertThat(this.interruptedAfterCall).as("interrupt left behind by the watchdog").isFalse();
		}
		assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(bound);
		// the next call works
		try (WasmInstance next = this.runtime.newInstance("hostile")) {
			assertThat(next.call("ok")).isEqualTo(1);
		}
		return took;
	}

	private String engineName() {
		return String.valueOf(this.engine);
	}

	private WasmRuntime runtime(WasmEngine engine) {
		this.engine = engine;
		WasmHostFunction block = new StubHostFunction("env", "block", StubHostFunction.type(List.of(), List.of()),
				(context, args) -> {
					this.body.get().run();
					return new long[0];
				});
		return WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(CompilationCache.create())
			.withHostFunctions(List.of(block))
			.build();
	}

	@FunctionalInterface
	private interface HostBody {

		void run() throws Exception;

	}

}
