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

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;

/**
 * One attack on the heap, run in a JVM of its own by {@link MemoryAccountingAttackTests}:
 * {@code cold}, the attack is the first failure the JVM sees; {@code warm}, an ordinary
 * trap comes first. It prints what happened as {@code key=value} lines, and after every
 * attack whether the application can still allocate 16 MiB of its own and whether a 20 ms
 * timeout still fires.
 */
public final class MemoryAttackApplication {

	private static final Map<String, String> results = new TreeMap<>();

	private static final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

	private MemoryAttackApplication() {
	}

	public static void main(String[] args) throws Exception {
		String attack = args[0];
		boolean warm = args[1].equals("warm");
		Long budget = (args.length > 2) ? Long.valueOf(args[2]) : null;
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withDefaultTimeout(Duration.ofSeconds(60))
			.withMemoryBudget(budget)
			.build()) {
			runtime.define(TestModules.definition("traps", "traps.wasm"));
			runtime.define(TestModules.definition("loop", "loop.wasm").withTimeout(Duration.ofMillis(20)));
			if (warm) {
				try (WasmInstance instance = runtime.newInstance("traps")) {
					instance.call("unreachable");
				}
				catch (WasmTrapException expected) {
					put("warmup", expected.getKind().name());
				}
			}
			switch (attack) {
				case "memory-bomb" -> memoryBomb(runtime);
				case "globals" -> globals(runtime);
				case "answers" -> answers(runtime);
				case "extism" -> extism(runtime);
				case "closed" -> closed(runtime);
				case "stream" -> stream(runtime);
				case "compile" -> compile();
				case "instances" -> instances(runtime);
				default -> throw new IllegalArgumentException(attack);
			}
			afterwards(runtime);
		}
		catch (Throwable ex) {
			put("UNEXPECTED", ex.getClass().getName());
			ex.printStackTrace(System.out);
		}
		outcomes.forEach((key, count) -> put("outcome." + key, String.valueOf(count.get())));
		results.forEach((key, value) -> System.out.println(key + "=" + value));
		System.out.flush();
	}

	/**
	 * A guest that writes every page it grows under a careless memory limit of 2000 MB.
	 */
	private static void memoryBomb(WasmRuntime runtime) {
		runtime.define(TestModules.definition("bombs", "bombs.wasm").withMaxMemory(2000L * 1024 * 1024));
		WasmInstance instance = runtime.newInstance("bombs");
		count("memory_bomb", () -> instance.call("memory_bomb", 16));
		put("memoryBomb.openAfterFailure", String.valueOf(instance.isOpen()));
		// the caller keeps the reference: the instance's memory must be reachable from
		// nothing all the same
		put("memoryBomb.heapHeldWithReferenceKept", String.valueOf(heapUsedAfterGc()));
		put("memoryBomb.reservedAfter", String.valueOf(runtime.memoryUsage().reservedBytes()));
		instance.close();
	}

	/**
	 * A module of two million globals (10 MB), refused at load; then one of 600,000,
	 * instantiated by four threads at once.
	 */
	private static void globals(WasmRuntime runtime) throws InterruptedException {
		count("define-2000000", () -> runtime.define(WasmModuleDefinition.of("globals-2m",
				ModuleSource.of("generated:globals-2m", GeneratedModules.globals(2_000_000)))));
		runtime.define(WasmModuleDefinition.of("globals",
				ModuleSource.of("generated:globals", GeneratedModules.globals(600_000))));
		List<Thread> threads = new ArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		List<WasmInstance> kept = java.util.Collections.synchronizedList(new ArrayList<>());
		for (int i = 0; i < 4; i++) {
			threads.add(started(() -> {
				await(start);
				count("instantiate", () -> kept.add(runtime.newInstance("globals")));
			}));
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		put("globals.reservedWhileOpen", String.valueOf(runtime.memoryUsage().reservedBytes()));
		kept.forEach(WasmInstance::close);
	}

	/**
	 * Sixteen threads asking for answers of 16 MiB at once, past the answer-size limit
	 * and within it.
	 */
	private static void answers(WasmRuntime runtime) throws InterruptedException {
		runtime.define(TestModules.definition("answers", "answer-bomb.wasm").withMaxMemory(64L * 1024 * 1024));
		runtime.define(TestModules.definition("answers-allowed", "answer-bomb.wasm")
			.withMaxMemory(64L * 1024 * 1024)
			.withMaxAnswerSize(32L * 1024 * 1024));
		for (String module : List.of("answers", "answers-allowed")) {
			List<Thread> threads = new ArrayList<>();
			CountDownLatch start = new CountDownLatch(1);
			AtomicInteger leftOpen = new AtomicInteger();
			for (int i = 0; i < 16; i++) {
				threads.add(started(() -> {
					await(start);
					WasmInstance instance = runtime.newInstance(module);
					String outcome = outcome(() -> instance.callText("big", "x"));
					count(module + ":" + outcome);
					if (!outcome.equals("ok") && instance.isOpen()) {
						leftOpen.incrementAndGet();
					}
					instance.close();
				}));
			}
			start.countDown();
			for (Thread thread : threads) {
				thread.join();
			}
			put(module + ".leftOpenAfterFailure", String.valueOf(leftOpen.get()));
		}
	}

	/**
	 * An Extism plugin making the kernel hold blocks, variables with large keys, and a 32
	 * MiB error text.
	 */
	private static void extism(WasmRuntime runtime) {
		runtime.define(TestModules.definition("extism", "extism-bombs.wasm").withMaxMemory(64L * 1024 * 1024));
		for (String export : List.of("alloc_zero_loop", "alloc_free_loop", "big_keys", "big_error", "big_output")) {
			long started = System.nanoTime();
			try (WasmInstance instance = runtime.newInstance("extism")) {
				String outcome = outcome(() -> instance.callBytes(export, new byte[0]));
				count(export + ":" + outcome);
				put(export + ".millis", String.valueOf((System.nanoTime() - started) / 1_000_000));
				if (!outcome.equals("ok")) {
					put(export + ".openAfterFailure", String.valueOf(instance.isOpen()));
				}
			}
			catch (WasmException ex) {
				put("UNEXPECTED-close-" + export, ex.getClass().getSimpleName());
			}
			try (WasmInstance instance = runtime.newInstance("extism")) {
				WasmException failure = null;
				try {
					instance.callBytes(export, new byte[0]);
				}
				catch (WasmException ex) {
					failure = ex;
				}
				if (failure != null) {
					String message = String.valueOf(failure.getMessage());
					put(export + ".messageLength", String.valueOf(message.length()));
					put(export + ".messageHasLineBreak", String.valueOf(message.contains("\n")));
					put(export + ".messageHasEscape", String.valueOf(message.indexOf('\u001b') >= 0));
				}
			}
		}
		try (WasmInstance instance = runtime.newInstance("extism")) {
			put("extism.okAfter", new String(instance.callBytes("ok", new byte[0])));
		}
	}

	/**
	 * Sixteen instances, one after the other, that each write 16 MiB and are closed while
	 * the caller keeps every reference: 256 MiB in all, as much as the whole heap, so
	 * each must have let go of its memory on close.
	 */
	/**
	 * Four threads creating instances of a module with no memory and keeping them open,
	 * under a budget larger than the heap, until the heap itself runs out; half of them
	 * are closed and the threads go on, eight times. The heap runs out wherever an
	 * instance happens to be in its making: every failure must be the instance's, typed.
	 */
	private static void instances(WasmRuntime runtime) throws InterruptedException {
		runtime.define(TestModules.definition("empty", "empty.wasm"));
		AtomicReferenceArray<WasmInstance> kept = new AtomicReferenceArray<>(400_000);
		AtomicInteger next = new AtomicInteger();
		AtomicInteger made = new AtomicInteger();
		AtomicInteger exhausted = new AtomicInteger();
		AtomicInteger otherFailure = new AtomicInteger();
		AtomicInteger raw = new AtomicInteger();
		AtomicReference<Throwable> firstRaw = new AtomicReference<>();
		for (int round = 0; round < 5; round++) {
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				threads.add(started(() -> {
					while (true) {
						int slot = next.getAndIncrement();
						if (slot >= kept.length()) {
							return;
						}
						try {
							kept.set(slot, runtime.newInstance("empty"));
							made.incrementAndGet();
						}
						catch (WasmTrapException ex) {
							AtomicInteger counted = (ex.getKind() == WasmTrapException.Kind.RESOURCE_EXHAUSTED)
									? exhausted : otherFailure;
							counted.incrementAndGet();
							return;
						}
						catch (WasmException ex) {
							otherFailure.incrementAndGet();
							return;
						}
						catch (Throwable ex) {
							raw.incrementAndGet();
							firstRaw.compareAndSet(null, ex);
							return;
						}
					}
				}));
			}
			for (Thread thread : threads) {
				thread.join();
			}
			int end = Math.min(next.get(), kept.length());
			for (int slot = end / 2; slot < end; slot++) {
				WasmInstance instance = kept.getAndSet(slot, null);
				if (instance != null) {
					instance.close();
				}
			}
			next.set(end / 2);
		}
		for (int slot = 0; slot < kept.length(); slot++) {
			WasmInstance instance = kept.getAndSet(slot, null);
			if (instance != null) {
				instance.close();
			}
		}
		put("instances.made", String.valueOf(made.get()));
		put("instances.exhausted", String.valueOf(exhausted.get()));
		put("instances.otherFailure", String.valueOf(otherFailure.get()));
		put("instances.rawError", String.valueOf(raw.get()));
		Throwable first = firstRaw.get();
		if (first != null) {
			StringBuilder where = new StringBuilder(first.toString());
			for (StackTraceElement element : first.getStackTrace()) {
				where.append(" <- ").append(element);
			}
			put("instances.firstRawError", where.toString().replace(' ', '_'));
		}
	}

	private static void closed(WasmRuntime runtime) {
		runtime.define(TestModules.definition("bombs", "bombs.wasm").withMaxMemory(16L * 1024 * 1024));
		long before = heapUsedAfterGc();
		List<WasmInstance> kept = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			WasmInstance instance = runtime.newInstance("bombs");
			count("memory_bomb", () -> instance.call("memory_bomb", 16));
			if (i == 0) {
				put("closed.reservedWhileOpen", String.valueOf(runtime.memoryUsage().reservedBytes()));
			}
			instance.close();
			kept.add(instance);
		}
		put("closed.heapHeldAfterClose", String.valueOf(heapUsedAfterGc() - before));
		put("closed.reservedAfterClose", String.valueOf(runtime.memoryUsage().reservedBytes()));
		put("closed.keptReferences", String.valueOf(kept.size()));
	}

	/** A module source that never ends, read by define. */
	private static void stream(WasmRuntime runtime) {
		InputStream endless = new InputStream() {

			@Override
			public int read() {
				return 0;
			}

			@Override
			public int read(byte[] bytes, int offset, int length) {
				java.util.Arrays.fill(bytes, offset, offset + length, (byte) 0);
				return length;
			}

		};
		count("define-endless", () -> runtime
			.define(WasmModuleDefinition.of("endless", ModuleSource.ofStream("stream:endless", () -> endless))));
		put("stream.reservedAfter", String.valueOf(runtime.memoryUsage().reservedBytes()));
	}

	/**
	 * Six slow modules defined at once under a 300 ms compile timeout, in a runtime of
	 * its own that compiles one module at a time.
	 */
	private static void compile() throws InterruptedException {
		try (WasmRuntime compiling = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withCompileTimeout(Duration.ofMillis(300))
			.withMaxConcurrentCompilations(1)
			.build()) {
			List<Thread> threads = new ArrayList<>();
			CountDownLatch start = new CountDownLatch(1);
			for (int i = 0; i < 6; i++) {
				byte[] bytes = GeneratedModules.slowToCompile(1500, 200, i);
				String name = "slow-" + i;
				threads.add(started(() -> {
					await(start);
					count("define-slow", () -> compiling
						.define(WasmModuleDefinition.of(name, ModuleSource.of("generated:" + name, bytes))));
				}));
			}
			start.countDown();
			for (Thread thread : threads) {
				thread.join();
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
			while (compiling.abandonedCompilations() > 0 && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			put("compile.abandonedAfter", String.valueOf(compiling.abandonedCompilations()));
			put("compile.started", String.valueOf(compiling.compilationsStarted()));
		}
	}

	/**
	 * What must hold after any attack: the application's own allocation, a timeout, an
	 * ordinary call.
	 */
	private static void afterwards(WasmRuntime runtime) {
		try {
			byte[] own = new byte[16 * 1024 * 1024];
			put("after.ownAllocation", (own.length > 0) ? "ok" : "none");
		}
		catch (OutOfMemoryError ex) {
			put("after.ownAllocation", "OutOfMemoryError");
		}
		long started = System.nanoTime();
		try (WasmInstance instance = runtime.newInstance("loop")) {
			put("after.timeout", outcome(() -> instance.call("spin")));
		}
		put("after.timeoutMillis", String.valueOf((System.nanoTime() - started) / 1_000_000));
		try (WasmInstance instance = runtime.newInstance("traps")) {
			put("after.ordinaryCall", outcome(() -> instance.call("ok")));
		}
		put("after.reserved", String.valueOf(runtime.memoryUsage().reservedBytes()));
	}

	private static String outcome(Runnable action) {
		try {
			action.run();
			return "ok";
		}
		catch (WasmTrapException ex) {
			return "trap-" + ex.getKind();
		}
		catch (WasmCallException ex) {
			return ex.getReason().name();
		}
		catch (WasmModuleLoadException ex) {
			return ex.getClass().getSimpleName() + "-" + ex.getReason() + (hasError(ex) ? "-with-Error-cause" : "");
		}
		catch (WasmException ex) {
			return ex.getClass().getSimpleName();
		}
		catch (Throwable ex) {
			return "ERROR-" + ex.getClass().getSimpleName();
		}
	}

	private static boolean hasError(Throwable failure) {
		for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof Error) {
				return true;
			}
		}
		return false;
	}

	private static void count(String what, Runnable action) {
		count(what + ":" + outcome(action));
	}

	private static void count(String key) {
		outcomes.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
	}

	private static synchronized void put(String key, String value) {
		results.put(key, value);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static long heapUsedAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static Thread started(Runnable action) {
		Thread thread = new Thread(action);
		thread.start();
		return thread;
	}

}
