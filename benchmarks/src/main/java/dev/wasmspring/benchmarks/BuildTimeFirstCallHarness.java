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

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import dev.wasmspring.host.WasmImportBinder;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.internal.compile.BuildTimeCode;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The first call of a module in a fresh JVM, with its code compiled at build time (on the
 * class path, as {@code wasm-maven-plugin} puts it in the jar) and compiled when it is
 * loaded: a single-shot harness, not JMH, because what it measures happens once per JVM.
 * Each round starts two JVMs side by side, one per variant, alternating which goes first;
 * each defines the module in a new runtime, creates an instance and makes its first call,
 * and reports the time from before the runtime was built to the answer (JVM startup
 * itself is not counted): {@code cold}, the first runtime of the JVM, and
 * {@code started}, after the JVM ran the same module once on the interpreter engine, as
 * in an application already serving when a module is first used (lazy, resolved or
 * evicted before). Modules with many functions, from real toolchains: {@code wasi-files}
 * (C and wasi-libc, 103 functions) and {@code extism-kitchen-sink} (AssemblyScript with
 * Extism's PDK, 58 functions).
 * <p>
 * Run with
 * {@code mvn -B -o -pl benchmarks -am verify -DskipTests -Pbuild-time-first-call}
 * (arguments in {@code -Dbench.build-time.args}, by default {@code --with-cds 6}), or
 * after {@code mvn -B -o -q -pl benchmarks -am compile}:
 * {@code java -cp <benchmarks class path> dev.wasmspring.benchmarks.BuildTimeFirstCallHarness [rounds] [--json FILE] [--cds | --with-cds]}:
 * prints the figures, and with {@code --json} writes them for the report
 * ({@link BenchmarkSuite} runs it so). Each child also reports its phases: building the
 * runtime, defining the module, the first instance and the first call. With
 * {@code --cds}, the class path's directories are packed into jars, as an application's
 * classes come, and each JVM shape (module, variant, cold or started) first runs once to
 * write a class-data-sharing archive ({@code -XX:ArchiveClassesAtExit}) that its measured
 * runs then map ({@code -XX:SharedArchiveFile}): the recipe docs/performance.md gives.
 * {@code --with-cds} measures both ways, one after the other, and ends with the ratios of
 * both; each run prints the machine's load average before and after it.
 */
public final class BuildTimeFirstCallHarness {

	private static final List<String> MODULES = List.of("wasi-files", "extism-kitchen-sink");

	private static final List<String> VARIANTS = List.of("compile", "build-time");

	private static final List<String> STARTS = List.of("cold", "started");

	/** The phases a child times, in order: their durations add up to the first call. */
	private static final List<String> PHASES = List.of("runtime", "define", "instance", "call");

	private BuildTimeFirstCallHarness() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("--child")) {
			child(args[1], args[2], args[3], args[4]);
			return;
		}
		int rounds = 10;
		Path json = null;
		List<Boolean> modes = List.of(false);
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--json")) {
				json = Path.of(args[++i]);
			}
			else if (args[i].equals("--cds")) {
				modes = List.of(true);
			}
			else if (args[i].equals("--with-cds")) {
				modes = List.of(false, true);
			}
			else {
				rounds = Integer.parseInt(args[i]);
			}
		}
		Path root = Files.createTempDirectory("wasm-build-time-");
		Path code = Files.createDirectories(root.resolve("classes"));
		Path data = Files.createDirectories(root.resolve("data"));
		for (String module : MODULES) {
			byte[] bytes = BenchmarkModule.read("wasm/" + module + ".wasm");
			Path file = code.resolve(BuildTimeCode.resourceName(BuildTimeCode.digest(bytes)));
			Files.createDirectories(file.getParent());
			Files.write(file, BuildTimeCode.compile(bytes, module));
		}
		List<String> summary = new ArrayList<>();
		for (boolean cds : modes) {
			double loadBefore = loadAverage();
			Map<String, List<long[]>> results = measure(rounds, cds, root, code, data);
			double loadAfter = loadAverage();
			if (!cds) {
				Map<String, List<Long>> totals = new LinkedHashMap<>();
				results.forEach((key, runs) -> totals.put(key, runs.stream().map((run) -> run[0]).toList()));
				figures(rounds, totals).write(json);
			}
			String mode = cds ? "with a class-data-sharing archive per JVM shape (from a training run of its own)"
					: "without class data sharing";
			System.out.println();
			System.out.printf(Locale.ROOT, "%d rounds, %s; load average %.2f before, %.2f after%n", rounds, mode,
					loadBefore, loadAfter);
			print(results);
			for (String module : MODULES) {
				for (String start : STARTS) {
					summary.add(String.format(Locale.ROOT, "%s, %s JVM, %s: %.1fx", module, start,
							cds ? "with an archive" : "no archive", ratio(results, module, start)));
				}
			}
		}
		System.out.println();
		System.out.println("p50 ratios (compiled when loaded / compiled at build time), "
				+ Runtime.getRuntime().availableProcessors() + " processors, Java " + System.getProperty("java.version")
				+ ":");
		summary.forEach((line) -> System.out.println("  " + line));
	}

	/** One run of every round, every JVM fresh: each child's total and phases, by key. */
	private static Map<String, List<long[]>> measure(int rounds, boolean cds, Path root, Path code, Path data)
			throws IOException, InterruptedException {
		Map<String, List<long[]>> results = new LinkedHashMap<>();
		String classPath = System.getProperty("java.class.path");
		String buildTimeClassPath = code + File.pathSeparator + classPath;
		if (cds) {
			// the archive holds classes from jars only, as an application's come
			Path jars = Files.createDirectories(root.resolve("jars"));
			classPath = jarred(classPath, jars);
			buildTimeClassPath = jarred(code.toString(), jars) + File.pathSeparator + classPath;
		}
		ClassPaths paths = new ClassPaths(classPath, buildTimeClassPath);
		if (cds) {
			// one training run per JVM shape, each archiving the classes it loaded
			for (String module : MODULES) {
				for (String start : STARTS) {
					for (String variant : VARIANTS) {
						fork(module, variant, start, paths, data, archive(root, module, variant, start), true);
					}
				}
			}
		}
		for (int round = 0; round < rounds; round++) {
			for (String module : MODULES) {
				List<String> order = new ArrayList<>(VARIANTS);
				if (round % 2 == 1) {
					Collections.reverse(order);
				}
				for (String start : STARTS) {
					for (String variant : order) {
						Path archive = cds ? archive(root, module, variant, start) : null;
						long[] nanos = fork(module, variant, start, paths, data, archive, false);
						results.computeIfAbsent(module + " " + start + " " + variant, (key) -> new ArrayList<>())
							.add(nanos);
					}
				}
			}
		}
		return results;
	}

	private static double ratio(Map<String, List<long[]>> results, String module, String start) {
		return (double) p50(sorted(results.get(module + " " + start + " compile"), 0))
				/ p50(sorted(results.get(module + " " + start + " build-time"), 0));
	}

	private static double loadAverage() {
		return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	private static void print(Map<String, List<long[]>> results) {
		System.out.println();
		System.out.println("| module | JVM | compiled when loaded: p50 / min / max (ms) | compiled at build time: "
				+ "p50 / min / max (ms) | p50 ratio |");
		System.out.println("| --- | --- | --- | --- | --- |");
		for (String module : MODULES) {
			for (String start : STARTS) {
				long[] compiled = sorted(results.get(module + " " + start + " compile"), 0);
				long[] built = sorted(results.get(module + " " + start + " build-time"), 0);
				System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.1fx |%n", module, start, summary(compiled),
						summary(built), ratio(results, module, start));
			}
		}
		System.out.println();
		System.out.println("Where the time goes, p50 of each phase (ms): " + String.join(" / ", PHASES));
		System.out.println();
		System.out.println("| module | JVM | compiled when loaded | compiled at build time |");
		System.out.println("| --- | --- | --- | --- |");
		for (String module : MODULES) {
			for (String start : STARTS) {
				System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", module, start,
						phases(results.get(module + " " + start + " compile")),
						phases(results.get(module + " " + start + " build-time")));
			}
		}
	}

	/** The class path of each variant: the build-time one has the code files first. */
	private record ClassPaths(String plain, String buildTime) {
	}

	/** The class path with each directory on it packed into a jar of its own. */
	private static String jarred(String classPath, Path jars) throws IOException {
		List<String> entries = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			Path path = Path.of(entry);
			if (!Files.isDirectory(path)) {
				entries.add(entry);
				continue;
			}
			Path jar = Files.createTempFile(jars, "class-path-", ".jar");
			try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
					Stream<Path> files = Files.walk(path)) {
				for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
					out.putNextEntry(new JarEntry(path.relativize(file).toString().replace(File.separatorChar, '/')));
					out.write(Files.readAllBytes(file));
					out.closeEntry();
				}
			}
			entries.add(jar.toString());
		}
		return String.join(File.pathSeparator, entries);
	}

	private static Path archive(Path root, String module, String variant, String start) {
		return root.resolve("cds-" + module + "-" + variant + "-" + start + ".jsa");
	}

	private static String phases(List<long[]> runs) {
		List<String> phases = new ArrayList<>();
		for (int i = 0; i < PHASES.size(); i++) {
			phases.add(String.format(Locale.ROOT, "%.1f", p50(sorted(runs, i + 1)) / 1e6));
		}
		return String.join(" / ", phases);
	}

	private static long[] sorted(List<long[]> runs, int column) {
		long[] sorted = runs.stream().mapToLong((run) -> run[column]).toArray();
		Arrays.sort(sorted);
		return sorted;
	}

	/**
	 * The figures for the report: per module and JVM start, the distribution of each
	 * variant's first calls.
	 * @param rounds how many rounds ran
	 * @param results the first calls in nanoseconds, by "module start variant"
	 * @return the figures
	 */
	static HarnessFigures figures(int rounds, Map<String, List<Long>> results) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (String module : MODULES) {
			for (String start : STARTS) {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("module", module);
				row.put("jvm", start);
				row.put("compile", HarnessFigures.distribution(sorted(results.get(module + " " + start + " compile"))));
				row.put("buildTime",
						HarnessFigures.distribution(sorted(results.get(module + " " + start + " build-time"))));
				rows.add(row);
			}
		}
		return new HarnessFigures().put("rounds", rounds)
			.put("java", System.getProperty("java.version"))
			.put("rows", rows);
	}

	private static long[] sorted(List<Long> values) {
		long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(sorted);
		return sorted;
	}

	private static long p50(long[] sorted) {
		return sorted[(sorted.length - 1) / 2];
	}

	private static String summary(long[] sorted) {
		return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", p50(sorted) / 1e6, sorted[0] / 1e6,
				sorted[sorted.length - 1] / 1e6);
	}

	/**
	 * Run one child JVM: its total and phase times (ns). With an archive, the JVM either
	 * writes it at exit (training) or maps it at start.
	 */
	private static long[] fork(String module, String variant, String start, ClassPaths paths, Path data,
			@Nullable Path archive, boolean training) throws IOException, InterruptedException {
		String classPath = variant.equals("build-time") ? paths.buildTime() : paths.plain();
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-XX:+UseG1GC"));
		if (archive != null) {
			command.add((training ? "-XX:ArchiveClassesAtExit=" : "-XX:SharedArchiveFile=") + archive);
		}
		command.addAll(List.of("-cp", classPath, BuildTimeFirstCallHarness.class.getName(), "--child", module, variant,
				start, data.toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException(module + " " + variant + " failed:\n" + output);
		}
		for (String line : output.split("\n")) {
			if (line.startsWith("first-call-nanos ")) {
				String[] fields = line.substring("first-call-nanos ".length()).trim().split(" ");
				return Arrays.stream(fields).mapToLong(Long::parseLong).toArray();
			}
		}
		throw new IllegalStateException(module + " " + variant + " reported nothing:\n" + output);
	}

	/**
	 * One fresh JVM: the module's first call, timed; checks where its code came from.
	 * With {@code started}, as in an application already serving: the JVM has run the
	 * same module once on the interpreter engine, in a runtime of its own, so that the
	 * runtime's, the parser's and the module's host classes (WASI, the Extism kernel) are
	 * loaded, but neither the compiler nor any compiled code.
	 */
	private static void child(String module, String variant, String start, String data) {
		if (start.equals("started")) {
			firstCall(module, WasmEngine.INTERPRETER, data, CompilationCache.create(), new long[PHASES.size() + 1]);
		}
		// logging is set up when an application starts, before any runtime: not measured
		LoggerFactory.getILoggerFactory();
		CompilationCache cache = CompilationCache.create();
		long[] times = new long[PHASES.size() + 1];
		long[] outcome = firstCall(module, WasmEngine.COMPILER, data, cache, times);
		long answer = outcome[0];
		long expected = module.equals("wasi-files") ? 0 : "Hello, Ada!".length();
		boolean fromBuild = outcome[1] == 1 && outcome[2] == 0;
		if (answer != expected || fromBuild != variant.equals("build-time")) {
			throw new IllegalStateException(module + " " + variant + " answered " + answer + ", build-time code "
					+ (fromBuild ? "used" : "not used"));
		}
		long total = times[times.length - 1] - times[0];
		StringBuilder line = new StringBuilder("first-call-nanos ").append(total);
		for (int i = 1; i < times.length; i++) {
			line.append(' ').append(times[i] - times[i - 1]);
		}
		System.out.println(line);
		// the wall-clock time of each phase boundary, to line the phases up with the
		// JVM's own logs
		long nowMillis = System.currentTimeMillis();
		long nowNanos = System.nanoTime();
		StringBuilder wall = new StringBuilder("phase-boundaries-epoch-ms");
		for (long time : times) {
			wall.append(' ').append(nowMillis - (nowNanos - time) / 1_000_000);
		}
		System.out.println(wall);
	}

	/**
	 * A new runtime, the module defined, an instance and its first call: its answer, and
	 * the cache's build-time loads and compilations of the module.
	 */
	private static long[] firstCall(String module, WasmEngine engine, String data, CompilationCache cache,
			long[] times) {
		// the harness's own text built first: its first concatenation links a bootstrap
		// method, which is no part of what is measured
		String resource = "wasm/" + module + ".wasm";
		String file = module + ".wasm";
		times[0] = System.nanoTime();
		byte[] bytes = BenchmarkModule.read(resource);
		WasmModuleDefinition definition = WasmModuleDefinition.of(module, ModuleSource.of(file, bytes));
		if (module.equals("wasi-files")) {
			definition = definition.withWasi(WasiConfig.enabled()
				.withArguments(List.of("wasi-files", "list", "/data"))
				.withDirectory("/data", Path.of(data), true)
				.withStdout(WasiConfig.Output.CAPTURE)
				.withStderr(WasiConfig.Output.CAPTURE));
		}
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(cache)
			.withHostFunctions(WasmImportBinder.standard().bindAll(new DiskCacheFirstCallBenchmark.Decorator()))
			.build()) {
			times[1] = System.nanoTime();
			runtime.define(definition);
			times[2] = System.nanoTime();
			long answer;
			try (WasmInstance instance = runtime.newInstance(module)) {
				times[3] = System.nanoTime();
				answer = module.equals("wasi-files") ? instance.runCommand().exitCode()
						: instance.callText("greet", "Ada").length();
				times[4] = System.nanoTime();
			}
			String digest = CompilationCache.sha256(bytes);
			return new long[] { answer, cache.buildTimeLoads(digest), cache.compilations(digest) };
		}
	}

}
