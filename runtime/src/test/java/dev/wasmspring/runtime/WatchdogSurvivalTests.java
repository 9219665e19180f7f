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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.function.WasmValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The watchdog that enforces timeouts survives an {@link Error} thrown on its own thread:
 * here the thread it must interrupt throws {@link OutOfMemoryError} from
 * {@code interrupt()}, as a thread can when the heap has run out. The call on that thread
 * still ends (at its next host return, where the deadline is checked too), and the next
 * 20 ms timeout still fires.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WatchdogSurvivalTests {

	private final WasmRuntime runtime = WasmRuntime.builder()
		.withCompilationCache(CompilationCache.create())
		.withHostFunctions(List.of(new StubHostFunction("env", "set",
				StubHostFunction.type(List.of(WasmValueType.I64), List.of()), (context, args) -> new long[0])))
		.build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void watchdogKeepsEnforcingDeadlinesAfterAnErrorOnItsThread() throws Exception {
		this.runtime.define(TestModules.definition("loop", "loop.wasm").withTimeout(Duration.ofMillis(20)));
		this.runtime.define(TestModules.definition("host-loop", "host-loop.wasm").withTimeout(Duration.ofMillis(20)));
		AtomicInteger poisonedInterrupts = new AtomicInteger();
		AtomicReference<String> poisonedOutcome = new AtomicReference<>();
		Thread poisoned = new Thread(() -> {
			try (WasmInstance instance = this.runtime.newInstance("host-loop")) {
				instance.call("set_many", 0L, Integer.MAX_VALUE);
				poisonedOutcome.set("returned");
			}
			catch (WasmTimeoutException ex) {
				poisonedOutcome.set("timed out");
			}
			catch (Throwable ex) {
				poisonedOutcome.set(ex.toString());
			}
		}, "poisoned-caller") {

			@Override
			public void interrupt() {
				if (Thread.currentThread() != this) {
					// the watchdog's thread: interrupting fails as it may when the heap
					// is exhausted
					poisonedInterrupts.incrementAndGet();
					throw new OutOfMemoryError("thrown into the watchdog by the test");
				}
				super.interrupt();
			}

		};
		poisoned.start();
		poisoned.join(30_000);
		assertThat(poisoned.isAlive()).isFalse();
		assertThat(poisonedInterrupts.get()).isPositive();
		// the deadline held without the interrupt: the call ended at its next host return
		assertThat(poisonedOutcome.get()).isEqualTo("timed out");
		// the watchdog counts the failure once interrupt() has thrown into it, which may
		// come after the caller, stopped at its next host return, has already ended
		long waitUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.runtime.watchdog().failures() == 0 && System.nanoTime() < waitUntil) {
			Thread.sleep(5);
		}
		assertThat(this.runtime.watchdog().failures()).isPositive();
		for (int i = 0; i < 3; i++) {
			try (WasmInstance instance = this.runtime.newInstance("loop")) {
				long started = System.nanoTime();
				assertThatExceptionOfType(WasmTimeoutException.class).isThrownBy(() -> instance.call("spin"));
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			}
		}
		assertThat(this.runtime.watchdog().isWatching()).isTrue();
	}

}
