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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import dev.wasmspring.host.WasmImport;
import dev.wasmspring.host.WasmImportBinder;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first call of a freshly started runtime, as after an application restart: a new
 * runtime over a new compilation cache, the module defined, a new instance, its first
 * call, everything let go; ms per operation. Variants: {@code compile} (no code
 * directory: parse, validate, compile), {@code cache-full-parse} (a warm code directory
 * whose files lack the runtime's record, as files written before it existed: the module
 * is parsed and validated in full, then the stored code is loaded) and {@code cache} (a
 * warm code directory the runtime wrote itself: the stored code is loaded after parsing
 * every section but the function bodies, without validation). Modules with many
 * functions, from real toolchains: {@code wasi-files} (C and wasi-libc, 103 functions, a
 * WASI command listing an empty preopened directory) and {@code extism-kitchen-sink}
 * (AssemblyScript with Extism's PDK, 58 functions, {@code greet}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+UseG1GC" })
public class DiskCacheFirstCallBenchmark {

	/**
	 * The file name of the engine's own description of a code file; every other non-class
	 * entry is ours.
	 */
	private static final String ENGINE_DESCRIPTOR = "wasm-module.properties";

	@Param({ "wasi-files", "extism-kitchen-sink" })
	public String module;

	@Param({ "compile", "cache-full-parse", "cache" })
	public String variant;

	private Path root;

	private Path directory;

	private WasmModuleDefinition definition;

	private long expected;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.root = Files.createTempDirectory("wasm-first-call-");
		Path data = Files.createDirectories(this.root.resolve("data"));
		byte[] bytes = BenchmarkModule.read("wasm/" + this.module + ".wasm");
		WasmModuleDefinition definition = WasmModuleDefinition.of(this.module,
				ModuleSource.of(this.module + ".wasm", bytes));
		if (this.module.equals("wasi-files")) {
			definition = definition.withWasi(WasiConfig.enabled()
				.withArguments(List.of("wasi-files", "list", "/data"))
				.withDirectory("/data", data, true)
				.withStdout(WasiConfig.Output.CAPTURE)
				.withStderr(WasiConfig.Output.CAPTURE));
		}
		this.definition = definition;
		this.expected = this.module.equals("wasi-files") ? 0 : "Hello, Ada!".length();
		if (!this.variant.equals("compile")) {
			this.directory = Files.createDirectories(this.root.resolve("code"));
			String digest = CompilationCache.sha256(bytes);
			firstCall(CompilationCache.create(this.directory));
			if (this.variant.equals("cache-full-parse")) {
				stripRuntimeRecord(this.directory);
			}
			CompilationCache warm = CompilationCache.create(this.directory);
			try (WasmRuntime runtime = runtime(warm)) {
				if (warm.directoryLoads(digest) != 1 || warm.compilations(digest) != 0) {
					throw new IllegalStateException(
							this.variant + " did not load " + this.module + " from " + this.directory);
				}
			}
		}
		long answer = instantiate();
		if (answer != this.expected) {
			throw new IllegalStateException(this.variant + " on " + this.module + " answered " + answer);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		try (Stream<Path> files = Files.walk(this.root)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

	@Benchmark
	public long instantiate() {
		CompilationCache cache = (this.directory != null) ? CompilationCache.create(this.directory)
				: CompilationCache.create();
		return firstCall(cache);
	}

	long expected() {
		return this.expected;
	}

	private long firstCall(CompilationCache cache) {
		try (WasmRuntime runtime = runtime(cache); WasmInstance instance = runtime.newInstance(this.module)) {
			if (this.module.equals("wasi-files")) {
				return instance.runCommand().exitCode();
			}
			return instance.callText("greet", "Ada").length();
		}
	}

	/** A runtime over the cache with the module defined. */
	private WasmRuntime runtime(CompilationCache cache) {
		WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(cache)
			.withHostFunctions(WasmImportBinder.standard().bindAll(new Decorator()))
			.build();
		runtime.define(this.definition);
		return runtime;
	}

	/**
	 * Rewrites each code file with the engine's entries only, as a file written before
	 * the runtime recorded the bytes it compiled from: loading it takes the full parse.
	 */
	private static void stripRuntimeRecord(Path directory) throws IOException {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(directory)) {
			files = walk.filter((file) -> file.toString().endsWith(".jar")).toList();
		}
		if (files.isEmpty()) {
			throw new IllegalStateException("No code file in " + directory);
		}
		for (Path file : files) {
			ByteArrayOutputStream stripped = new ByteArrayOutputStream();
			try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(Files.readAllBytes(file)));
					JarOutputStream out = new JarOutputStream(stripped)) {
				for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
					byte[] content = in.readAllBytes();
					if (entry.getName().endsWith(".class") || entry.getName().equals(ENGINE_DESCRIPTOR)) {
						out.putNextEntry(new JarEntry(entry.getName()));
						out.write(content);
						out.closeEntry();
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Files.write(file, stripped.toByteArray());
		}
	}

	/** The kitchen-sink plugin's own host function, which it imports. */
	public static final class Decorator {

		@WasmImport(module = "extism:host/user", name = "decorate")
		public String decorate(String text) {
			return "[" + text + "]";
		}

	}

}
