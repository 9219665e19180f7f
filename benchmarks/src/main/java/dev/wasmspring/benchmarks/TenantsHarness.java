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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;

/**
 * What a defined module holds, measured in one JVM: distinct copies of
 * {@code counter.wasm} (each with a custom section of its own, so each has its own digest
 * and its own compiled code) are defined in one runtime, and the heap held after a full
 * garbage collection and the metaspace used are compared with the figures before. The
 * per-module breakdown holds each part on its own: the parsed module, the module parsed
 * without its function bodies, the compiled classes' bytes, and a class histogram of what
 * the defined modules hold. Single shot, not JMH: what is measured is memory held, not
 * time.
 * <p>
 * Run:
 * {@code java -Xmx2g -cp <benchmarks class path> dev.wasmspring.benchmarks.TenantsHarness
 * [--modules N] [--parts] [--histogram] [--cache-dir DIR] [--json FILE]}: prints the
 * figures, and with {@code --json} writes those of the defined modules for the report
 * ({@link BenchmarkSuite} runs it so).
 */
public final class TenantsHarness {

	private static final int KIB = 1024;

	private TenantsHarness() {
	}

	public static void main(String[] args) throws Exception {
		int modules = 1000;
		boolean parts = false;
		boolean histogram = false;
		Path cacheDir = null;
		Path json = null;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--modules" -> modules = Integer.parseInt(args[++i]);
				case "--parts" -> parts = true;
				case "--histogram" -> histogram = true;
				case "--cache-dir" -> cacheDir = Path.of(args[++i]);
				case "--json" -> json = Path.of(args[++i]);
				default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
			}
		}
		byte[] counter = counterBytes();
		System.out.printf(Locale.ROOT, "counter.wasm: %d bytes; %d copies; java %s; -Xmx %d MiB%n", counter.length,
				modules, System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / KIB / KIB);
		HarnessFigures figures = new HarnessFigures().put("modules", modules)
			.put("moduleBytes", counter.length)
			.put("java", System.getProperty("java.version"));
		defined(counter, modules, histogram, cacheDir, figures);
		figures.write(json);
		if (parts) {
			int sample = Math.min(modules, 500);
			System.out.println();
			System.out.println("Parts, each held on its own, per copy (" + sample + " copies):");
			part("parsed module (full)", sample, (i) -> Parser.parse(copy(counter, i)));
			part("compiled classes' bytes (engine's class collector)", sample, (i) -> classBytes(copy(counter, i)));
			part("module bytes", sample, (i) -> copy(counter, i));
		}
	}

	/**
	 * Define copies in one runtime, report what they hold, then call each once and remove
	 * them all.
	 */
	private static void defined(byte[] counter, int modules, boolean histogram, Path cacheDir, HarnessFigures figures)
			throws Exception {
		CompilationCache cache = (cacheDir != null) ? CompilationCache.create(cacheDir) : CompilationCache.create();
		Footprint before = Footprint.now();
		Map<String, long[]> histogramBefore = histogram ? histogram() : Map.of();
		long started = System.nanoTime();
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build()) {
			for (int i = 0; i < modules; i++) {
				runtime.define(WasmModuleDefinition.of("tenant-" + i,
						ModuleSource.of("counter-" + i + ".wasm", copy(counter, i))));
			}
			long elapsed = System.nanoTime() - started;
			Footprint after = Footprint.now();
			System.out.printf(Locale.ROOT, "defined %d modules in %.1f s (%.1f ms per define)%n", modules,
					elapsed / 1e9, elapsed / 1e6 / modules);
			after.minus(before).print("per defined module", modules);
			figures.put("defineMs", elapsed / 1e6 / modules).put("defined", after.minus(before).figures(modules));
			if (histogram) {
				figures.put("histogram", printHistogramDifference(histogramBefore, histogram(), modules));
			}
			long calls = 0;
			for (int i = 0; i < modules; i++) {
				try (WasmInstance instance = runtime.newInstance("tenant-" + i)) {
					calls += instance.callRaw("fib", 10)[0];
				}
			}
			if (calls != 55L * modules) {
				throw new IllegalStateException("Unexpected answers: " + calls);
			}
			Footprint called = Footprint.now();
			called.minus(before).print("per module after one call each", modules);
			figures.put("called", called.minus(before).figures(modules));
			for (int i = 0; i < modules; i++) {
				runtime.remove("tenant-" + i);
			}
		}
		Footprint removed = Footprint.now();
		System.out.printf(Locale.ROOT, "after removing them all: heap %+.1f MiB, metaspace %+.1f MiB%n",
				(removed.heap - before.heap) / (double) KIB / KIB,
				(removed.metaspace - before.metaspace) / (double) KIB / KIB);
		figures.put("removedHeapMiB", (removed.heap - before.heap) / (double) KIB / KIB)
			.put("removedMetaspaceMiB", (removed.metaspace - before.metaspace) / (double) KIB / KIB);
	}

	private static void part(String what, int copies, IntFunction<Object> make) {
		Footprint before = Footprint.now();
		List<Object> held = new ArrayList<>();
		for (int i = 0; i < copies; i++) {
			held.add(make.apply(i));
		}
		Footprint after = Footprint.now();
		System.out.printf(Locale.ROOT, "  %-55s heap %7.1f KiB, metaspace %6.1f KiB%n", what,
				(after.heap - before.heap) / (double) KIB / copies,
				(after.metaspace - before.metaspace) / (double) KIB / copies);
		if (held.size() != copies) {
			throw new IllegalStateException();
		}
	}

	/** The compiled classes' bytes, as the engine's compiler hands them out. */
	private static Map<String, byte[]> classBytes(byte[] bytes) {
		WasmModule module = Parser.parse(bytes);
		Map<String, byte[]> classes = new HashMap<>();
		MachineFactoryCompiler.builder(module).withCache(new com.dylibso.chicory.compiler.Cache() {
			@Override
			public byte[] get(String key) {
				return null;
			}

			@Override
			public void putIfAbsent(String key, byte[] data) {
				classes.put(key, data);
			}
		}).compile();
		return classes;
	}

	static byte[] counterBytes() throws IOException {
		try (InputStream in = TenantsHarness.class.getResourceAsStream("/wasm/counter.wasm")) {
			if (in == null) {
				throw new IllegalStateException("wasm/counter.wasm is not on the class path");
			}
			return in.readAllBytes();
		}
	}

	/**
	 * A copy of the module with a custom section of its own appended: the same code, its
	 * own digest.
	 * @param module the module's bytes
	 * @param copy the copy's number
	 * @return the copy's bytes
	 */
	public static byte[] copy(byte[] module, int copy) {
		byte[] name = "tenant".getBytes(StandardCharsets.UTF_8);
		byte[] payload = Integer.toString(copy).getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream(module.length + 32);
		out.writeBytes(module);
		out.write(0);
		writeUnsigned(out, 1 + name.length + payload.length);
		writeUnsigned(out, name.length);
		out.writeBytes(name);
		out.writeBytes(payload);
		return out.toByteArray();
	}

	private static void writeUnsigned(ByteArrayOutputStream out, int value) {
		int rest = value;
		do {
			int b = rest & 0x7f;
			rest >>>= 7;
			out.write((rest != 0) ? (b | 0x80) : b);
		}
		while (rest != 0);
	}

	/** The class histogram, by class: instances and bytes. */
	private static Map<String, long[]> histogram() throws Exception {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		String text = (String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
				"gcClassHistogram", new Object[] { new String[0] }, new String[] { String[].class.getName() });
		Map<String, long[]> classes = new HashMap<>();
		for (String line : text.split("\n")) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length >= 4 && fields[0].endsWith(":")) {
				String name = fields[3].replaceAll("@[0-9a-f]+$", "");
				if (name.contains("$$Lambda") || name.contains("/0x")) {
					name = name.replaceAll("/0x[0-9a-f]+", "");
				}
				classes.merge(name, new long[] { Long.parseLong(fields[1]), Long.parseLong(fields[2]) },
						(a, b) -> new long[] { a[0] + b[0], a[1] + b[1] });
			}
		}
		return classes;
	}

	/**
	 * Prints the classes whose instances grew most, per module, and returns the first
	 * ten.
	 */
	private static List<Map<String, Object>> printHistogramDifference(Map<String, long[]> before,
			Map<String, long[]> after, int modules) {
		List<Map.Entry<String, long[]>> grown = new ArrayList<>();
		after.forEach((name, counts) -> {
			long[] old = before.getOrDefault(name, new long[2]);
			grown.add(Map.entry(name, new long[] { counts[0] - old[0], counts[1] - old[1] }));
		});
		grown.sort(Comparator.comparingLong((Map.Entry<String, long[]> entry) -> entry.getValue()[1]).reversed());
		System.out.println("Class histogram difference, per defined module (top 25):");
		System.out.println("  bytes/module  instances/module  class");
		List<Map<String, Object>> top = new ArrayList<>();
		for (Map.Entry<String, long[]> entry : grown.subList(0, Math.min(25, grown.size()))) {
			System.out.printf(Locale.ROOT, "  %12.0f  %16.1f  %s%n", entry.getValue()[1] / (double) modules,
					entry.getValue()[0] / (double) modules, entry.getKey());
			if (top.size() < 10) {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("class", entry.getKey());
				row.put("bytes", entry.getValue()[1] / (double) modules);
				row.put("instances", entry.getValue()[0] / (double) modules);
				top.add(row);
			}
		}
		return top;
	}

	/** Heap held after a full collection, metaspace used, classes loaded. */
	private record Footprint(long heap, long metaspace, long classes) {

		static Footprint now() {
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
			ClassLoadingMXBean classLoading = ManagementFactory.getClassLoadingMXBean();
			return new Footprint(heap, metaspace, classLoading.getLoadedClassCount());
		}

		Footprint minus(Footprint other) {
			return new Footprint(this.heap - other.heap, this.metaspace - other.metaspace,
					this.classes - other.classes);
		}

		/**
		 * Per module: heap and metaspace in KiB, classes; in total: heap and metaspace in
		 * MiB.
		 */
		Map<String, Object> figures(int modules) {
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("heapKiB", this.heap / (double) KIB / modules);
			figures.put("metaspaceKiB", this.metaspace / (double) KIB / modules);
			figures.put("classes", this.classes / (double) modules);
			figures.put("heapMiB", this.heap / (double) KIB / KIB);
			figures.put("metaspaceMiB", this.metaspace / (double) KIB / KIB);
			return figures;
		}

		void print(String what, int modules) {
			System.out.printf(Locale.ROOT,
					"%s: heap %.1f KiB, metaspace %.1f KiB, classes %.1f (total heap %.1f MiB, metaspace %.1f MiB)%n",
					what, this.heap / (double) KIB / modules, this.metaspace / (double) KIB / modules,
					this.classes / (double) modules, this.heap / (double) KIB / KIB,
					this.metaspace / (double) KIB / KIB);
		}

	}

}
