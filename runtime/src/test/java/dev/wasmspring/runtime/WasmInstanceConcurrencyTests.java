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

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.function.WasmValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Instances under concurrency: one thread each, misuse detected, replacement while in
 * use.
 */
class WasmInstanceConcurrencyTests {

	private final CompilationCache cache = CompilationCache.create();

	private WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(this.cache).build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void sixtyFourThreadsMakingAThousandCallsEachOnTheirOwnInstancesAllGetCorrectResults() throws Exception {
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		this.runtime.define(TestModules.definition("counter", "counter.wasm"));
		List<Integer> wrong = CompilationCacheTests.concurrently(64, (thread) -> {
			int failures = 0;
			try (WasmInstance counter = this.runtime.newInstance("counter")) {
				for (int call = 0; call < 1000; call++) {
					try (WasmInstance add = this.runtime.newInstance("add")) {
						long[] sum = add.callRaw("add", thread, call);
						if (sum[0] != thread + call) {
							failures++;
						}
					}
					if ((int) counter.callRaw("increment")[0] != call + 1) {
						failures++;
					}
				}
			}
			return failures;
		});
		assertThat(wrong).hasSize(64).containsOnly(0);
		assertThat(this.runtime.statistics().liveInstances()).isZero();
		assertThat(this.runtime.statistics().instancesCreated()).isEqualTo(64 * 1000 + 64);
	}

	@Test
	void aSecondThreadUsingAnInstanceDuringACallGetsAClearErrorAndTheOwnerCarriesOn() throws Exception {
		CountDownLatch inHost = new CountDownLatch(1);
		CountDownLatch attempted = new CountDownLatch(1);
		AtomicBoolean block = new AtomicBoolean(true);
		this.runtime = WasmRuntime.builder()
			.withCompilationCache(this.cache)
			.withHostFunctions(StubHostFunction.forImportsModule(new StubHostFunction("env", "get_i32",
					StubHostFunction.type(List.of(), List.of(WasmValueType.I32)), (context, args) -> {
						if (block.get()) {
							inHost.countDown();
							attempted.await(30, TimeUnit.SECONDS);
						}
						return new long[] { 7 };
					})))
			.build();
		this.runtime.define(TestModules.definition("imports", "imports.wasm"));
		WasmInstance instance = this.runtime.newInstance("imports");
		ExecutorService owner = Executors.newSingleThreadExecutor((task) -> new Thread(task, "owner"));
		try {
			Future<Object> ownerCall = owner.submit(() -> instance.call("call_get_i32"));
			assertThat(inHost.await(30, TimeUnit.SECONDS)).isTrue();
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("call_echo_i32", 5))
				.satisfies((thrown) -> assertThat(thrown.getReason())
					.isEqualTo(WasmCallException.Reason.INSTANCE_UNUSABLE))
				.withMessageContaining("module 'imports'")
				.withMessageContaining("running a call on thread 'owner'")
				.withMessageContaining("acquire one instance per thread");
			attempted.countDown();
			assertThat(ownerCall.get(30, TimeUnit.SECONDS)).isEqualTo(7);
			block.set(false);
			assertThat(owner.submit(() -> instance.call("call_get_i32")).get(30, TimeUnit.SECONDS)).isEqualTo(7);
			assertThat(instance.isOpen()).isTrue();
		}
		finally {
			owner.shutdownNow();
		}
		// handing the instance to another thread between calls is allowed
		assertThat(instance.call("call_get_i32")).isEqualTo(7);
		instance.close();
	}

	@Test
	void aModuleReplacedFiftyTimesWhileEightThreadsCallItFailsNoCallAndReleasesOldArtifacts() throws Exception {
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		String v1 = this.runtime.statistics().modules().get("add");
		AtomicBoolean replacing = new AtomicBoolean(true);
		AtomicInteger calls = new AtomicInteger();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			for (int i = 0; i < 8; i++) {
				callers.submit(() -> {
					while (replacing.get() && failure.get() == null) {
						try (WasmInstance instance = this.runtime.newInstance("add")) {
							long sum = instance.callRaw("add", 2, 3)[0];
							if (sum != 5 && sum != 1005) {
								failure.set(new AssertionError("add(2, 3) returned " + sum));
							}
							calls.incrementAndGet();
						}
						catch (Throwable ex) {
							failure.compareAndSet(null, ex);
						}
					}
				});
			}
			for (int replacement = 0; replacement < 50; replacement++) {
				String file = (replacement % 2 == 0) ? "add-v2.wasm" : "add.wasm";
				this.runtime.define(TestModules.definition("add", file));
				Thread.sleep(2);
			}
			replacing.set(false);
			callers.shutdown();
			assertThat(callers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(failure.get()).isNull();
		assertThat(calls.get()).isGreaterThan(50);
		// the 50th replacement defined add.wasm again: only its artifact is still held
		assertThat(this.runtime.statistics().modules()).containsEntry("add", v1);
		assertThat(this.cache.size()).isEqualTo(1);
		assertThat(this.runtime.statistics().liveInstances()).isZero();
		try (WasmInstance instance = this.runtime.newInstance("add")) {
			assertThat(instance.callRaw("add", 2, 3)[0]).isEqualTo(5);
		}
	}

	@Test
	void anInstanceCreatedBeforeAReplacementKeepsRunningTheModuleItWasCreatedFrom() {
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		try (WasmInstance before = this.runtime.newInstance("add")) {
			this.runtime.define(TestModules.definition("add", "add-v2.wasm"));
			this.runtime.remove("add");
			assertThat(this.cache.size()).isZero();
			assertThat(before.call("add", 2, 3)).isEqualTo(5);
		}
	}

}
