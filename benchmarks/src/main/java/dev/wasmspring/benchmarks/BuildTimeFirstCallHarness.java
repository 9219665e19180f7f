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

import dev.wasmspring.host.WasmImportBinder;
import dev.wasmspring.runtime.CompilationCache;
import dev.wasmspring.runtime.ModuleSource;
import dev.wasmspring.runtime.WasmEngine;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmModuleDefinition;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.internal.compile.BuildTimeCode;
import dev.wasmspring.runtime.wasi.WasiConfig;

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
 * Run after {@code mvn -B -o -q -pl benchmarks -am compile}:
 * {@code java -cp <benchmarks class path> dev.wasmspring.benchmarks.BuildTimeFirstCallHarness [rounds] [--json FILE]}:
 * prints the figures, and with {@code --json} writes them for the report
 * ({@link BenchmarkSuite} runs it so).
 */
public final class BuildTimeFirstCallHarness {

	private static final List<String> MODULES = List.of("wasi-files", "extism-kitchen-sink");

	private static final List<String> VARIANTS = List.of("compile", "build-time");

	private static final List<String> STARTS = List.of("cold", "started");

	private BuildTimeFirstCallHarness() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("--child")) {
			child(args[1], args[2], args[3], args[4]);
			return;
		}
		int rounds = 10;
		Path json = null;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--json")) {
				json = Path.of(args[++i]);
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
		Map<String, List<Long>> results = new LinkedHashMap<>();
		for (int round = 0; round < rounds; round++) {
			for (String module : MODULES) {
				List<String> order = new ArrayList<>(VARIANTS);
				if (round % 2 == 1) {
					Collections.reverse(order);
				}
				for (String start : STARTS) {
					for (String variant : order) {
						long nanos = fork(module, variant, start, code, data);
						results.computeIfAbsent(module + " " + start + " " + variant, (key) -> new ArrayList<>())
							.add(nanos);
					}
				}
			}
		}
		System.out.println();
		System.out.println("| module | JVM | compiled when loaded: p50 / min / max (ms) | compiled at build time: "
				+ "p50 / min / max (ms) | p50 ratio |");
		System.out.println("| --- | --- | --- | --- | --- |");
		for (String module : MODULES) {
			for (String start : STARTS) {
				long[] compiled = sorted(results.get(module + " " + start + " compile"));
				long[] built = sorted(results.get(module + " " + start + " build-time"));
				System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.1fx |%n", module, start, summary(compiled),
						summary(built), (double) p50(compiled) / p50(built));
			}
		}
		figures(rounds, results).write(json);
		System.out.println();
		System.out
			.println(rounds + " rounds, each a fresh JVM per variant, " + Runtime.getRuntime().availableProcessors()
					+ " processors, Java " + System.getProperty("java.version"));
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

	private static long fork(String module, String variant, String start, Path code, Path data)
			throws IOException, InterruptedException {
		String classPath = System.getProperty("java.class.path");
		if (variant.equals("build-time")) {
			classPath = code + File.pathSeparator + classPath;
		}
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-Xmx512m", "-XX:+UseG1GC", "-cp", classPath,
				BuildTimeFirstCallHarness.class.getName(), "--child", module, variant, start, data.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException(module + " " + variant + " failed:\n" + output);
		}
		for (String line : output.split("\n")) {
			if (line.startsWith("first-call-nanos ")) {
				return Long.parseLong(line.substring("first-call-nanos ".length()).trim());
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
			firstCall(module, WasmEngine.INTERPRETER, data, CompilationCache.create());
		}
		CompilationCache cache = CompilationCache.create();
		long started = System.nanoTime();
		long[] outcome = firstCall(module, WasmEngine.COMPILER, data, cache);
		long elapsed = System.nanoTime() - started;
		long answer = outcome[0];
		long expected = module.equals("wasi-files") ? 0 : "Hello, Ada!".length();
		boolean fromBuild = outcome[1] == 1 && outcome[2] == 0;
		if (answer != expected || fromBuild != variant.equals("build-time")) {
			throw new IllegalStateException(module + " " + variant + " answered " + answer + ", build-time code "
					+ (fromBuild ? "used" : "not used"));
		}
		System.out.println("first-call-nanos " + elapsed);
	}

	/**
	 * A new runtime, the module defined, an instance and its first call: its answer, and
	 * the cache's build-time loads and compilations of the module.
	 */
	private static long[] firstCall(String module, WasmEngine engine, String data, CompilationCache cache) {
		byte[] bytes = BenchmarkModule.read("wasm/" + module + ".wasm");
		WasmModuleDefinition definition = WasmModuleDefinition.of(module, ModuleSource.of(module + ".wasm", bytes));
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
			runtime.define(definition);
			long answer;
			try (WasmInstance instance = runtime.newInstance(module)) {
				answer = module.equals("wasi-files") ? instance.runCommand().exitCode()
						: instance.callText("greet", "Ada").length();
			}
			String digest = CompilationCache.sha256(bytes);
			return new long[] { answer, cache.buildTimeLoads(digest), cache.compilations(digest) };
		}
	}

}
