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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.internal.compile.BuildTimeCode;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Code compiled at build time behaves as code compiled at run time: every module of the
 * project and of the sample, compiled by {@link BuildTimeCode} (what
 * {@code wasm-maven-plugin} runs) and found on the class path, answers every export the
 * same as the module compiled when it is loaded (results, trap kinds and failures) and
 * leaves the same memory behind; with fuel, the code compiled for the metered bytes does.
 */
class BuildTimeDifferentialTests {

	// what tells a call that does not end from the others when code compiled at run time
	// runs; a busy machine only makes the comparison shorter
	private static final Duration TIMEOUT = Duration.ofSeconds(4);

	// code compiled at build time runs only the calls that ended in time above, with a
	// backstop long enough that a busy machine cannot make one of them time out, while a
	// call that does not end still fails the comparison
	private static final Duration BACKSTOP = TIMEOUT.multipliedBy(4);

	private static final long FUEL = Long.MAX_VALUE / 4;

	@TempDir
	Path classes;

	static Stream<Path> everyModule() throws IOException {
		return WasmFuelDifferentialTests.everyModule();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyModule")
	void buildTimeCodeBehavesAsCodeCompiledAtRunTime(Path file) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		for (Long fuel : new Long[] { null, FUEL }) {
			byte[] compiled = bytes;
			if (fuel != null) {
				try {
					compiled = BuildTimeCode.metered(bytes);
				}
				catch (IllegalArgumentException ex) {
					// the module cannot run with fuel at all
					continue;
				}
			}
			Built built = build(compiled, file.getFileName().toString());
			CompilationCache runTimeCache = CompilationCache.create();
			List<String> runTime = exercise(runTimeCache, bytes, fuel, Integer.MAX_VALUE, TIMEOUT);
			assertThat(runTimeCache.size()).as("nothing is held once the runtime closed").isZero();
			// a module without exports (empty.wasm) shows nothing
			boolean endless = !runTime.isEmpty() && runTime.get(runTime.size() - 1).endsWith("TIMEOUT");
			int calls = endless ? runTime.size() - 1 : Integer.MAX_VALUE;
			CompilationCache buildTimeCache = CompilationCache.create();
			List<String> buildTime = withClassPath(() -> exercise(buildTimeCache, bytes, fuel, calls, BACKSTOP));
			if (buildTime.size() == calls) {
				buildTime.add(runTime.get(runTime.size() - 1));
			}
			String what = file.getFileName() + ((fuel != null) ? " with fuel" : "");
			assertThat(buildTime).as(what).isEqualTo(runTime);
			if (built == Built.PARTLY) {
				// a function too large for one JVM method runs on the interpreter, which
				// needs the module parsed: the runtime compiles it rather than use the
				// file
				assertThat(this.buildTimeLoads).as("%s did not use code that leaves functions to the interpreter", what)
					.isZero();
			}
			else if (built == Built.YES
					&& (fuel == null || runTime.isEmpty() || !runTime.get(0).startsWith("define "))) {
				assertThat(this.buildTimeLoads).as("%s used the code compiled at build time", what).isPositive();
				assertThat(this.compilations).as("%s compiled nothing", what).isZero();
			}
			else {
				assertThat(runTime.get(0)).as("%s failed to compile at build time only", what)
					.matches((fuel != null) ? "(compile|define) .*" : "compile .*");
			}
		}
	}

	private long buildTimeLoads;

	private long compilations;

	private Built build(byte[] bytes, String name) throws IOException {
		byte[] code;
		try {
			code = BuildTimeCode.compile(bytes, name);
		}
		catch (WasmException | IllegalStateException ex) {
			return Built.NO;
		}
		Path target = this.classes.resolve(BuildTimeCode.resourceName(BuildTimeCode.digest(bytes)));
		Files.createDirectories(target.getParent());
		Files.write(target, code);
		return BuildTimeCode.leavesFunctionsToTheInterpreter(code) ? Built.PARTLY : Built.YES;
	}

	/** What compiling a module at build time gave. */
	private enum Built {

		/** Nothing: the module does not compile. */
		NO,

		/** Code for every function. */
		YES,

		/** Code that leaves some functions to the interpreter. */
		PARTLY

	}

	private interface Action<T> {

		T run();

	}

	private <T> T withClassPath(Action<T> action) {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { this.classes.toUri().toURL() }, previous)) {
			thread.setContextClassLoader(loader);
			return action.run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/**
	 * What calling every export in turn, on one instance while it lasts, shows: each
	 * call's results or failure, and after each answer the memory's digest.
	 */
	private List<String> exercise(CompilationCache cache, byte[] bytes, @Nullable Long fuel, int calls,
			Duration timeout) {
		List<String> outcomes = new ArrayList<>();
		this.buildTimeLoads = 0;
		this.compilations = 0;
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(cache)
			.withDefaultTimeout((fuel != null) ? timeout.multipliedBy(4) : timeout)
			.withDefaultMaxMemory(64L * 1024 * 1024)
			.build()) {
			Map<String, WasmFunctionType> exports;
			boolean wasi;
			try (CompiledModule compiled = runtime.compile(bytes)) {
				exports = new TreeMap<>(compiled.exports());
				runtime.replaceHostFunctions(WasmFuelDifferentialTests.stubs(compiled.imports()));
				wasi = compiled.imports().stream().anyMatch((imported) -> imported.module().startsWith("wasi_"));
				if (fuel == null) {
					this.buildTimeLoads = cache.buildTimeLoads(compiled.digest());
					this.compilations = cache.compilations(compiled.digest());
				}
			}
			catch (WasmException ex) {
				outcomes.add("compile " + WasmFuelDifferentialTests.describe(ex));
				return outcomes;
			}
			try {
				WasmModuleDefinition definition = WasmModuleDefinition.of("m", ModuleSource.of("memory:m", bytes))
					.withFuel(fuel);
				if (wasi) {
					// WASI with nothing granted: no arguments, environment or directories
					definition = definition.withWasi(WasiConfig.enabled()
						.withStdout(WasiConfig.Output.CAPTURE)
						.withStderr(WasiConfig.Output.CAPTURE));
				}
				runtime.define(definition);
			}
			catch (WasmException ex) {
				outcomes.add("define " + WasmFuelDifferentialTests.describe(ex));
				return outcomes;
			}
			try (CompiledModule defined = runtime.module("m")) {
				this.buildTimeLoads = cache.buildTimeLoads(defined.digest());
				this.compilations = cache.compilations(defined.digest());
			}
			WasmFuelDifferentialTests.callEveryExport(runtime, exports, outcomes, calls);
		}
		return outcomes;
	}

}
