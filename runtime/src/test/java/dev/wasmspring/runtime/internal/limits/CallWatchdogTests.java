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

package dev.wasmspring.runtime.internal.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.wasmspring.runtime.TestModules;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The watchdog interrupts a thread only while its call is still running, and every
 * interrupt it delivers is cleared before the call returns: no thread is ever left
 * interrupted, however calls and deadlines race.
 */
class CallWatchdogTests {

	private static final int THREADS = 4;

	/**
	 * Roughly how many iterations of counter.wasm's fib loop fit in the 1 ms deadline.
	 */
	private static final int FIB_STEPS_PER_DEADLINE = 1_000_000;

	@Test
	void callsEndingAroundTheirDeadlineNeverLeaveTheThreadInterrupted() throws Exception {
		try (CallWatchdog watchdog = new CallWatchdog("test-watchdog")) {
			AtomicLong fired = new AtomicLong();
			AtomicLong finished = new AtomicLong();
			List<String> violations = new CopyOnWriteArrayList<>();
			List<Thread> workers = new ArrayList<>();
			CountDownLatch done = new CountDownLatch(THREADS);
			for (int t = 0; t < THREADS; t++) {
				long seed = 42 + t;
				Thread worker = new Thread(() -> {
					SplittableRandom random = new SplittableRandom(seed);
					for (int i = 0; i < 4000; i++) {
						// deadlines and call lengths overlap so that calls end just
						// before, at and after them
						long timeout = 20_000 + random.nextLong(200_000);
						long work = random.nextLong(300_000);
						CallWatchdog.Slot slot = watchdog.arm(timeout);
						long until = System.nanoTime() + work;
						while (System.nanoTime() < until) {
							Thread.onSpinWait();
						}
						boolean timedOut = watchdog.disarm(slot);
						(timedOut ? fired : finished).incrementAndGet();
						if (Thread.currentThread().isInterrupted()) {
							violations.add(Thread.currentThread().getName() + " interrupted after call " + i);
							Thread.interrupted();
						}
					}
					done.countDown();
					laterWorkSeesNoInterrupt(violations);
				}, "watchdog-worker-" + t);
				workers.add(worker);
				worker.start();
			}
			assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
			for (Thread worker : workers) {
				worker.join(10_000);
				assertThat(worker.isAlive()).isFalse();
			}
			assertThat(violations).isEmpty();
			// both outcomes happened many times, so the race between a call's end and its
			// deadline was exercised
			assertThat(fired.get()).isGreaterThan(100);
			assertThat(finished.get()).isGreaterThan(100);
		}
	}

	@Test
	void nestedCallWithAShorterTimeoutIsStoppedAtItsOwnDeadlineAndTheEnclosingOneGoesOn() throws Exception {
		try (CallWatchdog watchdog = new CallWatchdog("test-watchdog")) {
			CallWatchdog.Slot outer = watchdog.arm(Duration.ofMinutes(1).toNanos());
			CallWatchdog.Slot inner = watchdog.arm(Duration.ofMillis(100).toNanos());
			assertThat(inner).isSameAs(outer);
			assertThatExceptionOfType(InterruptedException.class).isThrownBy(() -> Thread.sleep(5000));
			assertThat(inner.expired()).isTrue();
			assertThat(watchdog.disarm(inner)).isTrue();
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
			assertThat(outer.expired()).isFalse();
			Thread.sleep(200);
			assertThat(watchdog.disarm(outer)).isFalse();
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
		}
	}

	@Test
	void nestedCallEndsAtTheEnclosingDeadlineWhenThatComesFirst() throws Exception {
		try (CallWatchdog watchdog = new CallWatchdog("test-watchdog")) {
			CallWatchdog.Slot outer = watchdog.arm(Duration.ofMillis(100).toNanos());
			CallWatchdog.Slot inner = watchdog.arm(Duration.ofMinutes(1).toNanos());
			assertThatExceptionOfType(InterruptedException.class).isThrownBy(() -> Thread.sleep(5000));
			assertThat(watchdog.disarm(inner)).isTrue();
			// the enclosing call has run out as well: stopped at once, whatever the
			// watchdog's timing
			assertThat(outer.expired()).isTrue();
			assertThat(watchdog.disarm(outer)).isTrue();
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
		}
	}

	@Test
	void callPastItsDeadlineIsInterruptedAgainUntilItEnds() throws Exception {
		try (CallWatchdog watchdog = new CallWatchdog("test-watchdog")) {
			CallWatchdog.Slot slot = watchdog.arm(Duration.ofMillis(50).toNanos());
			int interrupts = 0;
			long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
			while (interrupts < 3 && System.nanoTime() < until) {
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException ex) {
					interrupts++;
				}
			}
			assertThat(interrupts).isEqualTo(3);
			assertThat(watchdog.disarm(slot)).isTrue();
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
			Thread.sleep(3 * CallWatchdog.RESIGNAL_MILLIS);
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
		}
	}

	@Test
	void watchdogKeepsEnforcingDeadlinesOfCallsStartedAfterItWasClosed() {
		CallWatchdog watchdog = new CallWatchdog("test-watchdog");
		CallWatchdog.Slot first = watchdog.arm(Duration.ofSeconds(5).toNanos());
		assertThat(watchdog.disarm(first)).isFalse();
		watchdog.close();
		CallWatchdog.Slot slot = watchdog.arm(Duration.ofMillis(100).toNanos());
		assertThatExceptionOfType(InterruptedException.class).isThrownBy(() -> Thread.sleep(5000));
		assertThat(watchdog.disarm(slot)).isTrue();
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

	@Test
	void slotsOfThreadsThatEndedAreForgotten() throws Exception {
		try (CallWatchdog watchdog = new CallWatchdog("test-watchdog")) {
			for (int i = 0; i < 1500; i++) {
				Thread thread = new Thread(() -> watchdog.disarm(watchdog.arm(Duration.ofSeconds(10).toNanos())));
				thread.start();
				thread.join();
			}
			// the registry is cleaned as it grows, without waiting for a deadline to wake
			// the watchdog
			long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (watchdog.registeredThreads() > 1000 && System.nanoTime() < until) {
				Thread.sleep(10);
			}
			assertThat(watchdog.registeredThreads()).isLessThanOrEqualTo(1000);
		}
	}

	@Test
	void hammeringShortTimedWasmCallsOnSeveralThreadsLeavesNoThreadInterrupted() throws Exception {
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build()) {
			runtime.define(TestModules.definition("counter", "counter.wasm").withTimeout(Duration.ofMillis(1)));
			AtomicLong timeouts = new AtomicLong();
			AtomicLong completed = new AtomicLong();
			List<String> violations = new CopyOnWriteArrayList<>();
			List<Thread> workers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				long seed = 7 + t;
				Thread worker = new Thread(() -> {
					SplittableRandom random = new SplittableRandom(seed);
					for (int i = 0; i < 600; i++) {
						// fib(n) loops n times: some calls end well before the deadline,
						// some at it, some after
						int n = random.nextInt(FIB_STEPS_PER_DEADLINE * 2);
						try (WasmInstance counter = runtime.newInstance("counter")) {
							counter.call("fib", n);
							completed.incrementAndGet();
						}
						catch (WasmTimeoutException ex) {
							timeouts.incrementAndGet();
						}
						catch (RuntimeException ex) {
							violations.add(Thread.currentThread().getName() + ": " + ex);
						}
						if (Thread.currentThread().isInterrupted()) {
							violations.add(Thread.currentThread().getName() + " interrupted after call " + i);
							Thread.interrupted();
						}
					}
					laterWorkSeesNoInterrupt(violations);
				}, "wasm-worker-" + t);
				workers.add(worker);
				worker.start();
			}
			for (Thread worker : workers) {
				worker.join(60_000);
				assertThat(worker.isAlive()).isFalse();
			}
			assertThat(violations).isEmpty();
			assertThat(timeouts.get()).isGreaterThan(50);
			assertThat(completed.get()).isGreaterThan(50);
			assertThat(runtime.statistics().liveInstances()).isZero();
		}
	}

	/** Blocking work after the calls: any late interrupt would surface here. */
	private static void laterWorkSeesNoInterrupt(List<String> violations) {
		String name = Thread.currentThread().getName();
		try {
			Thread.sleep(200);
			BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
			if (queue.poll(100, TimeUnit.MILLISECONDS) != null) {
				violations.add(name + ": queue was not empty");
			}
		}
		catch (InterruptedException ex) {
			violations.add(name + " was interrupted after its calls had ended");
		}
		if (Thread.currentThread().isInterrupted()) {
			violations.add(name + " is left interrupted");
		}
	}

}
