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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmImportDescriptor;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metering changes no behaviour while fuel lasts: every module of the project and of the
 * sample, on both engines, with a large budget and without one, answers every export the
 * same (results, trap kinds and failures) and leaves the same memory behind.
 */
class WasmFuelDifferentialTests {

	private static final long LARGE_BUDGET = Long.MAX_VALUE / 4;

	// what tells a call that does not end (or word-index's initialisation on the
	// interpreter) from the others; a busy machine only makes the comparison shorter
	private static final Duration PLAIN_TIMEOUT = Duration.ofSeconds(4);

	// the wall-clock backstop for metered calls, which are a little slower
	private static final Duration METERED_TIMEOUT = Duration.ofSeconds(60);

	private static final long[][] INPUTS = { {}, { 5, 5, 5, 5, 5, 5, 5, 5 } };

	static Stream<Path> everyModule() throws IOException {
		return TestModules.everyModuleFile();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyModule")
	void meteredCodeBehavesAsTheOriginal(Path file) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		for (WasmEngine engine : WasmEngine.values()) {
			List<String> plain = exercise(engine, bytes, null, Integer.MAX_VALUE);
			// a call that did not end without fuel is not made again with it
			// a module without exports (empty.wasm) shows nothing
			boolean endless = !plain.isEmpty() && plain.get(plain.size() - 1).endsWith("TIMEOUT");
			int calls = endless ? plain.size() - 1 : Integer.MAX_VALUE;
			List<String> metered = exercise(engine, bytes, LARGE_BUDGET, calls);
			if (metered.size() == calls) {
				metered.add(plain.get(plain.size() - 1));
			}
			assertThat(metered).as("%s on the %s", file.getFileName(), engine).isEqualTo(plain);
		}
	}

	/**
	 * What calling every export in turn, on one instance while it lasts, shows: each
	 * call's results or failure, and after each answer the memory's digest.
	 */
	private static List<String> exercise(WasmEngine engine, byte[] bytes, @Nullable Long fuel, int calls) {
		List<String> outcomes = new ArrayList<>();
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(CompilationCache.create())
			.withDefaultTimeout((fuel != null) ? METERED_TIMEOUT : PLAIN_TIMEOUT)
			.withDefaultMaxMemory(64L * 1024 * 1024)
			.build()) {
			Map<String, WasmFunctionType> exports;
			try (CompiledModule compiled = runtime.compile(bytes)) {
				exports = new TreeMap<>(compiled.exports());
				runtime.replaceHostFunctions(stubs(compiled.imports()));
			}
			catch (WasmException ex) {
				outcomes.add("compile " + describe(ex));
				return outcomes;
			}
			try {
				runtime.define(WasmModuleDefinition.of("m", ModuleSource.of("memory:m", bytes)).withFuel(fuel));
			}
			catch (WasmException ex) {
				outcomes.add("define " + describe(ex));
				return outcomes;
			}
			callEveryExport(runtime, exports, outcomes, calls);
		}
		return outcomes;
	}

	/**
	 * Call every export of module {@code m} with each input, in a new instance whenever
	 * the last one was discarded, recording each outcome, until {@code calls} outcomes or
	 * a call that does not end.
	 */
	static void callEveryExport(WasmRuntime runtime, Map<String, WasmFunctionType> exports, List<String> outcomes,
			int calls) {
		WasmInstance instance = null;
		try {
			for (long[] input : INPUTS) {
				for (Map.Entry<String, WasmFunctionType> export : exports.entrySet()) {
					if (outcomes.size() >= calls) {
						return;
					}
					if (instance == null || !instance.isOpen()) {
						instance = newInstance(runtime, outcomes);
						if (instance == null) {
							return;
						}
					}
					long[] args = Arrays.copyOf(input, export.getValue().params().size());
					String outcome = call(instance, export.getKey(), export.getValue(), args);
					outcomes.add(export.getKey() + Arrays.toString(args) + " " + outcome);
					if (outcome.startsWith("TIMEOUT")) {
						// a call that does not end is not called again
						return;
					}
				}
			}
		}
		finally {
			if (instance != null) {
				instance.close();
			}
		}
	}

	private static @Nullable WasmInstance newInstance(WasmRuntime runtime, List<String> outcomes) {
		try {
			return runtime.newInstance("m");
		}
		catch (WasmException ex) {
			outcomes.add("instantiate " + describe(ex));
			return null;
		}
	}

	private static String call(WasmInstance instance, String export, WasmFunctionType type, long[] args) {
		try {
			long[] results = instance.callRaw(export, args);
			return Arrays.toString(lowBits(type, results)) + " memory " + memoryDigest(instance);
		}
		catch (WasmCallException ex) {
			return describe(ex);
		}
	}

	/**
	 * The results as their types define them: a raw {@code i32} is its low 32 bits only.
	 * The engine's interpreter can answer an {@code i32} with other bits above them (its
	 * {@code i32.mul} multiplies 64-bit values, so {@code counter.wasm}'s
	 * {@code checksum} answers {@code 0x4b966c1210d00f} for {@code 0x1210d00f}), where
	 * metered code that returns the result through an {@code i64} answers the low 32 bits
	 * alone.
	 */
	static long[] lowBits(WasmFunctionType type, long[] results) {
		long[] values = results.clone();
		for (int i = 0; i < values.length && i < type.results().size(); i++) {
			if (type.results().get(i) == WasmValueType.I32) {
				values[i] = (int) values[i];
			}
		}
		return values;
	}

	static String describe(WasmException ex) {
		if (ex instanceof WasmTrapException trap) {
			return "trap " + trap.getKind();
		}
		if (ex instanceof WasmCallException call) {
			return (call.getReason() == WasmCallException.Reason.TIMED_OUT) ? "TIMEOUT"
					: call.getClass().getSimpleName() + " " + call.getReason();
		}
		return ex.getClass().getSimpleName();
	}

	private static String memoryDigest(WasmInstance instance) {
		WasmMemory memory;
		try {
			memory = instance.memory();
		}
		catch (IllegalStateException ex) {
			return "none";
		}
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			long size = memory.size();
			for (long at = 0; at < size; at += WasmMemory.PAGE_SIZE) {
				digest.update(memory.read((int) at, WasmMemory.PAGE_SIZE));
			}
			return size + " " + HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Every import the runtime does not provide itself (WASI and Extism's kernel),
	 * answering zeros.
	 */
	static List<WasmHostFunction> stubs(List<WasmImportDescriptor> imports) {
		List<WasmHostFunction> stubs = new ArrayList<>();
		for (WasmImportDescriptor descriptor : imports) {
			if (descriptor.module().startsWith("wasi_") || descriptor.module().equals("extism:host/env")) {
				continue;
			}
			int results = descriptor.type().results().size();
			stubs.add(new StubHostFunction(descriptor.module(), descriptor.name(), descriptor.type(),
					(context, args) -> new long[results]));
		}
		return stubs;
	}

}
