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

package dev.wasmspring.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.statistics.WasmModuleResidency;

/**
 * Many tenants in one JVM, measured in one run: each tenant is a distinct copy of
 * {@code counter.wasm} that a {@link dev.wasmspring.runtime.module.WasmModuleResolver}
 * resolves on the tenant's first call, in a runtime that holds at most
 * {@code --max-loaded} modules loaded and keeps compiled code in a disk cache. Measures
 * the first call of every tenant (compiling: never seen), the heap and metaspace held
 * afterwards, the first call of every evicted tenant (loaded again from the disk cache),
 * the first call of every tenant in a fresh runtime over the same disk cache (a restart),
 * and the cost of a call of a loaded module in the bounded runtime beside one with a
 * single module. Single shot, not JMH: first calls happen once each.
 * <p>
 * Run: {@code java -Xmx1g -cp <benchmarks class path>
 * dev.wasmspring.benchmarks.ManyTenantsHarness [--tenants N] [--max-loaded L] [--lookup-calls C]
 * [--json FILE]}: prints the figures, and with {@code --json} writes them for the report
 * ({@link BenchmarkSuite} runs it so).
 */
public final class ManyTenantsHarness {

	private static final double MIB = 1024.0 * 1024.0;

	private ManyTenantsHarness() {
	}

	public static void main(String[] args) throws Exception {
		int tenants = 10_000;
		int maxLoaded = 2_000;
		int lookupCalls = 100_000;
		Path json = null;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--tenants" -> tenants = Integer.parseInt(args[++i]);
				case "--max-loaded" -> maxLoaded = Integer.parseInt(args[++i]);
				case "--lookup-calls" -> lookupCalls = Integer.parseInt(args[++i]);
				case "--json" -> json = Path.of(args[++i]);
				default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
			}
		}
		byte[] counter = TenantsHarness.counterBytes();
		System.out.printf(Locale.ROOT,
				"%d tenants (distinct copies of counter.wasm, %d bytes), at most %d loaded; "
						+ "java %s; -Xmx %.0f MiB; %d processors%n",
				tenants, counter.length, maxLoaded, System.getProperty("java.version"),
				Runtime.getRuntime().maxMemory() / MIB, Runtime.getRuntime().availableProcessors());
		HarnessFigures figures = new HarnessFigures().put("tenants", tenants)
			.put("maxLoaded", maxLoaded)
			.put("lookupCalls", lookupCalls)
			.put("moduleBytes", counter.length)
			.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / MIB)
			.put("java", System.getProperty("java.version"));
		Path directory = Files.createTempDirectory("tenants-cache");
		try {
			run(counter, tenants, maxLoaded, lookupCalls, directory, figures);
			figures.write(json);
		}
		finally {
			try (Stream<Path> files = Files.walk(directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	private static void run(byte[] counter, int tenants, int maxLoaded, int lookupCalls, Path directory,
			HarnessFigures figures) {
		long[] before = footprint();
		try (WasmRuntime runtime = runtime(counter, maxLoaded, directory)) {
			long[] compiling = firstCalls(runtime, tenants, 0);
			print("first call, never seen (resolve, compile, write to disk cache)", compiling);
			figures.put("firstCallCompiling", HarnessFigures.distribution(compiling));
			print(runtime.residency());
			long[] held = footprint();
			WasmModuleResidency residency = runtime.residency();
			System.out.printf(Locale.ROOT,
					"held with %d tenants defined, %d loaded: heap %.1f MiB, metaspace %.1f MiB "
							+ "(%.1f KiB heap and %.1f KiB metaspace per loaded module)%n",
					residency.defined(), residency.loaded(), (held[0] - before[0]) / MIB, (held[1] - before[1]) / MIB,
					(held[0] - before[0]) / 1024.0 / residency.loaded(),
					(held[1] - before[1]) / 1024.0 / residency.loaded());
			figures.put("defined", residency.defined())
				.put("loaded", residency.loaded())
				.put("heldHeapMiB", (held[0] - before[0]) / MIB)
				.put("heldMetaspaceMiB", (held[1] - before[1]) / MIB);
			// the tenants evicted by the first pass, in the same order: each one's first
			// call loads it again from the disk cache
			int evicted = Math.max(0, tenants - ((maxLoaded > 0) ? maxLoaded : tenants));
			if (evicted > 0) {
				long[] fromDisk = firstCalls(runtime, evicted, 0);
				print("first call of an evicted tenant (from the disk cache)", fromDisk);
				figures.put("firstCallEvicted", HarnessFigures.distribution(fromDisk));
				print(runtime.residency());
			}
			figures.put("residency", residency(runtime.residency()));
			lookup(runtime, counter, lookupCalls, figures);
		}
		long[] closed = footprint();
		System.out.printf(Locale.ROOT, "after closing the runtime: heap %+.1f MiB, metaspace %+.1f MiB%n",
				(closed[0] - before[0]) / MIB, (closed[1] - before[1]) / MIB);
		figures.put("closedHeapMiB", (closed[0] - before[0]) / MIB)
			.put("closedMetaspaceMiB", (closed[1] - before[1]) / MIB);
		try (WasmRuntime restarted = runtime(counter, maxLoaded, directory)) {
			int sample = Math.min(tenants, 2_000);
			long[] fresh = firstCalls(restarted, sample, tenants - sample);
			print("first call after a restart (fresh runtime and cache, code on disk), " + sample + " tenants", fresh);
			figures.put("firstCallRestart", HarnessFigures.distribution(fresh));
			print(restarted.residency());
			figures.put("restartResidency", residency(restarted.residency()));
		}
	}

	private static Map<String, Object> residency(WasmModuleResidency residency) {
		Map<String, Object> counts = new LinkedHashMap<>();
		counts.put("defined", residency.defined());
		counts.put("loaded", residency.loaded());
		counts.put("compiled", residency.compiled());
		counts.put("fromDiskCache", residency.fromDiskCache());
		counts.put("evicted", residency.evicted());
		return counts;
	}

	private static WasmRuntime runtime(byte[] counter, int maxLoaded, Path directory) {
		return WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create(directory))
			.withMaxLoadedModules(maxLoaded)
			.withModuleResolver((name) -> {
				if (!name.startsWith("tenant-")) {
					return null;
				}
				int number = Integer.parseInt(name.substring("tenant-".length()));
				// the bytes are made when read: the definition holds no copy of them
				return WasmModuleDefinition.of(name,
						ModuleSource.of(name + ".wasm", () -> TenantsHarness.copy(counter, number)));
			})
			.build();
	}

	/** Each tenant's first call, in nanoseconds: instance, one call, close. */
	private static long[] firstCalls(WasmRuntime runtime, int count, int first) {
		long[] nanos = new long[count];
		for (int i = 0; i < count; i++) {
			String name = "tenant-" + (first + i);
			if (runtime.isLoaded(name)) {
				throw new IllegalStateException(name + " is loaded before its first call");
			}
			if (i > 0 && i % 1000 == 0) {
				System.err.printf(Locale.ROOT, "  ... %d of %d%n", i, count);
			}
			long started = System.nanoTime();
			try (WasmInstance instance = runtime.newInstance(name)) {
				long answer = instance.callRaw("fib", 10)[0];
				nanos[i] = System.nanoTime() - started;
				if (answer != 55) {
					throw new IllegalStateException(name + " answered " + answer);
				}
			}
		}
		return nanos;
	}

	/**
	 * A call of a loaded module, in the bounded runtime full of tenants and in a runtime
	 * with that one module, side by side.
	 */
	private static void lookup(WasmRuntime full, byte[] counter, int calls, HarnessFigures figures) {
		String name = "lookup";
		full.define(WasmModuleDefinition.of(name, ModuleSource.of(name + ".wasm", counter)));
		try (WasmRuntime single = WasmRuntime.builder().withCompilationCache(full.compilationCache()).build()) {
			single.define(WasmModuleDefinition.of(name, ModuleSource.of(name + ".wasm", counter)));
			double fullNanos = 0;
			double singleNanos = 0;
			for (int round = 0; round < 5; round++) {
				fullNanos = callNanos(full, name, calls);
				singleNanos = callNanos(single, name, calls);
			}
			System.out.printf(Locale.ROOT,
					"instance + call of a loaded module: %.0f ns with %d tenants defined, %.0f ns with one module%n",
					fullNanos, full.residency().defined(), singleNanos);
			figures.put("lookupNanosFull", fullNanos).put("lookupNanosSingle", singleNanos);
		}
	}

	private static double callNanos(WasmRuntime runtime, String name, int calls) {
		long sum = 0;
		long started = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			try (WasmInstance instance = runtime.newInstance(name)) {
				sum += instance.callRaw("fib", 1)[0];
			}
		}
		long elapsed = System.nanoTime() - started;
		if (sum != calls) {
			throw new IllegalStateException("Unexpected answers: " + sum);
		}
		return elapsed / (double) calls;
	}

	private static void print(String what, long[] nanos) {
		Map<String, Object> distribution = HarnessFigures.distribution(nanos);
		System.out.printf(Locale.ROOT, "%s: %d calls, p50 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms%n", what,
				nanos.length, distribution.get("p50Ms"), distribution.get("p99Ms"), distribution.get("maxMs"),
				distribution.get("meanMs"));
	}

	private static void print(WasmModuleResidency residency) {
		System.out.printf(Locale.ROOT,
				"  residency: %d defined, %d loaded (limit %d); %d loads on first use: %d compiled, %d from the disk "
						+ "cache, %d from memory; %d evicted; %d resolved%n",
				residency.defined(), residency.loaded(), residency.maxLoaded(), residency.loadsOnFirstUse(),
				residency.compiled(), residency.fromDiskCache(), residency.fromMemory(), residency.evicted(),
				residency.resolved());
	}

	/** Heap held after a full collection and metaspace used, in bytes. */
	private static long[] footprint() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		long heap = 0;
		long metaspace = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				heap += pool.getUsage().getUsed();
			}
			else if (pool.getName().equals("Metaspace")) {
				metaspace += pool.getUsage().getUsed();
			}
		}
		return new long[] { heap, metaspace };
	}

}
