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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Six slow modules defined at once under a short compile timeout: every caller gets
 * {@code COMPILE_TIMEOUT}, at most the configured number of compilations run, and one
 * whose caller gave up before it could start never starts, so abandoned compilations do
 * not pile up holding the heap.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CompilationLimitTests {

	private final CompilationCache cache = CompilationCache.create();

	private final WasmRuntime runtime = WasmRuntime.builder()
		.withCompilationCache(this.cache)
		.withCompileTimeout(Duration.ofMillis(300))
		.withMaxConcurrentCompilations(1)
		.build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void compilationsBeyondTheLimitWaitAndThoseWhoseCallersGaveUpNeverStart() throws Exception {
		List<byte[]> modules = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			// distinct bytes, so six compilations rather than one shared; each takes
			// seconds, far past the timeout,
			// so that no caller still waits when the first compilation ends
			modules.add(GeneratedModules.slowToCompile(1500, 200, i));
		}
		Map<String, String> outcomes = new ConcurrentHashMap<>();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < modules.size(); i++) {
			String name = "slow-" + i;
			byte[] bytes = modules.get(i);
			Thread thread = new Thread(() -> {
				try {
					start.await();
					this.runtime.define(WasmModuleDefinition.of(name, ModuleSource.of("generated:" + name, bytes)));
					outcomes.put(name, "defined");
				}
				catch (WasmModuleLoadException ex) {
					outcomes.put(name, ex.getReason() + (ex.getMessage().contains("at most 1 compilations run at once")
							? " naming the limit" : ""));
				}
				catch (InterruptedException ex) {
					outcomes.put(name, "interrupted");
				}
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(outcomes).hasSize(6)
			.allSatisfy((name, outcome) -> assertThat(outcome).isEqualTo("COMPILE_TIMEOUT naming the limit"));
		assertThat(this.runtime.abandonedCompilations()).isPositive();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
		while (this.runtime.abandonedCompilations() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(this.runtime.abandonedCompilations()).isZero();
		// only the compilation that started before its caller gave up ever ran
		assertThat(this.runtime.compilationsStarted()).isEqualTo(1);
		// a module that compiles quickly is defined normally afterwards
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("add")) {
			assertThat(instance.call("add", 20, 22)).isEqualTo(42);
		}
	}

}
