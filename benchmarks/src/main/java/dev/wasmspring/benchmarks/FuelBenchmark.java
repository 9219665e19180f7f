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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
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
 * The cost of fuel metering on CPU-heavy calls, metered and not side by side: one call
 * per operation on an instance kept across calls (for {@code slugify}, whose answers stay
 * allocated in the guest, a new instance every 500 calls).
 * <ul>
 * <li>{@code fib}: {@code fib(20)} of {@code fuel.wasm}, recursive, about 22 000 calls:
 * the worst case, a fuel check at every function entry;</li>
 * <li>{@code calls}: {@code hash(4096)} of {@code fuel-packing.wasm}, a loop making 4096
 * calls of a function of 4 instructions whose result is one {@code i32} and whose cost is
 * the same on every run: its caller charges it and calls its own code;</li>
 * <li>{@code packed-calls}: {@code hash_packed(4096)}, the same calls of a function that
 * ends in an explicit {@code return}, which the rewrite treats as a function whose cost
 * can differ between runs: its count comes back packed with its result;</li>
 * <li>{@code word-index}: {@code score} of {@code word-index.wasm} over 4 KiB of words:
 * hashing loops and hash-table look-ups compiled from C;</li>
 * <li>{@code slugify}: the sample's {@code slugify.wasm} on 4 KiB of text through
 * {@code callText}: a byte-by-byte text-processing loop.</li>
 * </ul>
 * {@code fuel} is {@code off} (no budget, the module's own code) or {@code on} (a budget
 * no call reaches, so every call is metered in full).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", "-XX:+UseG1GC" })
public class FuelBenchmark {

	private static final int CALLS_PER_INSTANCE = 500;

	private static final int TEXT_BYTES = 4096;

	@Param({ "fib", "calls", "packed-calls", "word-index", "slugify" })
	public String workload;

	@Param({ "off", "on" })
	public String fuel;

	@Param({ "compiler" })
	public String engine;

	private WasmRuntime runtime;

	private WasmInstance instance;

	private int calls;

	private String text;

	private byte[] textBytes;

	private int textAddress;

	private long expected;

	@Setup(Level.Trial)
	public void setUp() {
		this.runtime = WasmRuntime.builder()
			.withEngine(WasmEngine.valueOf(this.engine.toUpperCase(java.util.Locale.ROOT)))
			.withCompilationCache(CompilationCache.create())
			.withDefaultTimeout(Duration.ofSeconds(30))
			.build();
		byte[] bytes = switch (this.workload) {
			case "fib" -> BenchmarkModule.read("wasm/fuel.wasm");
			case "calls", "packed-calls" -> BenchmarkModule.read("wasm/fuel-packing.wasm");
			case "word-index" -> BenchmarkModule.read("wasm/word-index.wasm");
			case "slugify" -> TextCall.moduleBytes();
			default -> throw new IllegalArgumentException("No fuel workload '" + this.workload + "'");
		};
		Long budget = "on".equals(this.fuel) ? Long.MAX_VALUE / 2 : null;
		this.runtime.define(WasmModuleDefinition.of(this.workload, ModuleSource.of(this.workload + ".wasm", bytes))
			.withFuel(budget));
		this.text = TextRoundTripBenchmark.text(TEXT_BYTES);
		this.textBytes = this.text.getBytes(StandardCharsets.UTF_8);
		this.instance = newInstance(this.runtime, this.workload);
		this.expected = expected(bytes);
		long answer = call();
		if (answer != this.expected) {
			throw new IllegalStateException(this.workload + " with fuel " + this.fuel + " answered " + answer);
		}
		if (budget != null && this.instance.lastCallFuel() <= 0) {
			throw new IllegalStateException(this.workload + " was not metered");
		}
	}

	long expected() {
		return this.expected;
	}

	/** The first call's answer on an unmetered instance of its own. */
	private long expected(byte[] bytes) {
		try (WasmRuntime plain = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build()) {
			plain.define(WasmModuleDefinition.of("plain", ModuleSource.of(this.workload + ".wasm", bytes)));
			try (WasmInstance fresh = newInstance(plain, "plain")) {
				return call(fresh);
			}
		}
	}

	private WasmInstance newInstance(WasmRuntime runtime, String name) {
		WasmInstance instance = runtime.newInstance(name);
		if ("word-index".equals(this.workload)) {
			this.textAddress = (int) instance.callRaw("alloc", this.textBytes.length)[0];
			instance.memory().write(this.textAddress, this.textBytes);
		}
		return instance;
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.instance.close();
		this.runtime.close();
	}

	@Benchmark
	public long call() {
		if ("slugify".equals(this.workload) && ++this.calls > CALLS_PER_INSTANCE) {
			// each answer is allocated in the guest and not freed: 4 MiB per instance
			this.instance.close();
			this.instance = newInstance(this.runtime, this.workload);
			this.calls = 1;
		}
		return call(this.instance);
	}

	private long call(WasmInstance target) {
		return switch (this.workload) {
			case "fib" -> target.callRaw("fib", 20)[0];
			case "calls" -> (int) target.callRaw("hash", 4096)[0];
			case "packed-calls" -> (int) target.callRaw("hash_packed", 4096)[0];
			// the generation in the last three digits changes from call to call
			case "word-index" -> target.callRaw("score", this.textAddress, this.textBytes.length)[0] / 1000;
			default -> target.callText("slugify", this.text).length();
		};
	}

}
