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

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.autoconfigure.observation.ObservationWasmRuntimeObserver;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.statistics.WasmRuntimeObserver;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
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
 * The cost of observing: the per-request cycle of {@link RequestCycleBenchmark} (new
 * instance, one call, close) on a runtime without an observer (what the
 * auto-configuration builds when there is no {@code ObservationRegistry}), with the
 * Micrometer observer on a registry that has no handler, and with the observer on a
 * registry timing into a {@code SimpleMeterRegistry} (two observations per request:
 * {@code wasm.instantiate} and {@code wasm.call}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+UseG1GC" })
public class ObservationBenchmark {

	@Param({ "add", "counter" })
	public String module;

	@Param({ "no-observer", "observer-no-handler", "observer-meter-registry" })
	public String variant;

	private WasmRuntime runtime;

	private BenchmarkModule benchmarkModule;

	@Setup(Level.Trial)
	public void setUp() {
		this.benchmarkModule = BenchmarkModule.of(this.module);
		this.runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withObserver(observer(this.variant))
			.build();
		this.runtime.define(WasmModuleDefinition
			.of(this.module, ModuleSource.of(this.module + ".wasm", this.benchmarkModule.bytes()))
			.withTimeout(Duration.ofSeconds(10)));
		if (cycle() != expected()) {
			throw new IllegalStateException(this.variant + " on " + this.module + " returned a wrong answer");
		}
	}

	private static WasmRuntimeObserver observer(String variant) {
		return switch (variant) {
			case "no-observer" -> WasmRuntimeObserver.NONE;
			case "observer-no-handler" -> new ObservationWasmRuntimeObserver(ObservationRegistry.create(), null);
			case "observer-meter-registry" -> {
				ObservationRegistry registry = ObservationRegistry.create();
				registry.observationConfig()
					.observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
				yield new ObservationWasmRuntimeObserver(registry, null);
			}
			default -> throw new IllegalArgumentException("No observation variant '" + variant + "'");
		};
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.runtime.close();
	}

	@Benchmark
	public long cycle() {
		try (WasmInstance instance = this.runtime.newInstance(this.module)) {
			return instance.callRaw(this.benchmarkModule.export(), this.benchmarkModule.args())[0];
		}
	}

	long expected() {
		return this.benchmarkModule.expected();
	}

}
