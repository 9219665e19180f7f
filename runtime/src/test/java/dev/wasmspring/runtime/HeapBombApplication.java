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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.module.WasmEngine;

/**
 * A small application run in its own JVM with a small heap by
 * {@link WasmHeapExhaustionTests}: eight callers throw table and memory bombs at it while
 * it keeps serving ordinary calls. It prints what happened as {@code key=value} lines.
 */
public final class HeapBombApplication {

	private static final int BOMBERS = 8;

	private HeapBombApplication() {
	}

	public static void main(String[] args) throws Exception {
		WasmEngine engine = WasmEngine.valueOf(args[0]);
		Duration bombing = Duration.ofMillis(Long.parseLong(args[1]));
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(CompilationCache.create())
			.withDefaultTimeout(Duration.ofSeconds(30))
			// a memory limit far above the heap: the heap runs out first
			.withDefaultMaxMemory(4L * 1024 * 1024 * 1024)
			.build()) {
			runtime.define(TestModules.definition("bombs", "bombs.wasm"));
			System.out.println("tableBombHeapPerInstance=" + tableBombHeapPerInstance(runtime));
			AtomicBoolean stop = new AtomicBoolean();
			Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < BOMBERS; i++) {
				String export = (i % 2 == 0) ? "memory_bomb" : "table_bomb";
				int step = (i % 2 == 0) ? 1024 : 10_000;
				threads.add(start("bomber-" + i, () -> {
					while (!stop.get()) {
						count(outcomes, export + ":" + outcome(() -> {
							try (WasmInstance instance = runtime.newInstance("bombs")) {
								instance.call(export, step);
							}
						}));
					}
				}));
			}
			AtomicLong served = new AtomicLong();
			AtomicLong refused = new AtomicLong();
			threads.add(start("service", () -> {
				while (!stop.get()) {
					String outcome = outcome(() -> serve(runtime));
					(outcome.equals("ok") ? served : refused).incrementAndGet();
					if (!outcome.equals("ok")) {
						count(outcomes, "service:" + outcome);
					}
				}
			}));
			Thread.sleep(bombing.toMillis());
			stop.set(true);
			for (Thread thread : threads) {
				thread.join(60_000);
			}
			int after = 0;
			for (int i = 0; i < 100; i++) {
				if (outcome(() -> serve(runtime)).equals("ok")) {
					after++;
				}
			}
			System.out.println("servedDuringBombs=" + served.get());
			System.out.println("refusedDuringBombs=" + refused.get());
			System.out.println("servedAfterBombs=" + after);
			outcomes.forEach((key, count) -> System.out.println("outcome." + key + "=" + count.get()));
		}
	}

	// an ordinary request: a fresh instance, a call, a little garbage of its own
	private static void serve(WasmRuntime runtime) {
		try (WasmInstance instance = runtime.newInstance("bombs")) {
			if (!Integer.valueOf(1).equals(instance.call("ok"))) {
				throw new IllegalStateException("wrong answer");
			}
		}
		StringBuilder page = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			page.append("line ").append(i).append('\n');
		}
		if (page.length() == 0) {
			throw new IllegalStateException("empty page");
		}
	}

	private static long tableBombHeapPerInstance(WasmRuntime runtime) throws InterruptedException {
		List<WasmInstance> instances = new ArrayList<>();
		long before = usedAfterGc();
		for (int i = 0; i < 20; i++) {
			WasmInstance instance = runtime.newInstance("bombs");
			instance.call("table_bomb", 10_000);
			instances.add(instance);
		}
		long after = usedAfterGc();
		instances.forEach(WasmInstance::close);
		return (after - before) / instances.size();
	}

	private static long usedAfterGc() throws InterruptedException {
		Runtime heap = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(50);
		}
		return heap.totalMemory() - heap.freeMemory();
	}

	private static String outcome(Runnable call) {
		try {
			call.run();
			return "ok";
		}
		catch (WasmTrapException ex) {
			return "trap-" + ex.getKind();
		}
		catch (WasmException ex) {
			return ex.getClass().getSimpleName();
		}
		catch (Error ex) {
			// must never happen: an Error reaching the caller
			return "ERROR-" + ex.getClass().getSimpleName();
		}
		catch (RuntimeException ex) {
			return "UNEXPECTED-" + ex.getClass().getSimpleName();
		}
	}

	private static void count(Map<String, AtomicLong> outcomes, String key) {
		outcomes.computeIfAbsent(key, (k) -> new AtomicLong()).incrementAndGet();
	}

	private static Thread start(String name, Runnable body) {
		Thread thread = new Thread(body, name);
		thread.start();
		return thread;
	}

}
