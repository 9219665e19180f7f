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

import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
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
 * What many tenants add to a request of a loaded module: a new instance of
 * {@code add.wasm}, one call, close, in a runtime that holds {@code loaded} modules
 * (every tenant resolved on its first use, all with the same bytes so that they share one
 * compiled artifact), with and without a limit on loaded modules ({@code bounded}: the
 * limit records each use for the least-recently-used order). Side by side, the
 * {@code loaded=1, bounded=false} row is the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g", "-XX:+UseG1GC" })
public class TenantLookupBenchmark {

	@Param({ "1", "2000" })
	public int loaded;

	@Param({ "none", "loaded" })
	public String limit;

	private WasmRuntime runtime;

	@Setup(Level.Trial)
	public void setUp() {
		byte[] add = BenchmarkModule.ADD.bytes();
		this.runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withMaxLoadedModules(this.limit.equals("loaded") ? this.loaded : 0)
			.withModuleResolver((name) -> WasmModuleDefinition.of(name, ModuleSource.of(name + ".wasm", add)))
			.build();
		for (int i = this.loaded - 1; i >= 0; i--) {
			try (WasmInstance instance = this.runtime.newInstance("tenant-" + i)) {
				instance.callRaw("add", 1, 2);
			}
		}
		if (this.runtime.loadedModuleNames().size() != this.loaded || request() != 42) {
			throw new IllegalStateException("Unexpected set-up: " + this.runtime.residency());
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.runtime.close();
	}

	long expected() {
		return 42;
	}

	@Benchmark
	public long request() {
		try (WasmInstance instance = this.runtime.newInstance("tenant-0")) {
			return instance.callRaw("add", 20, 22)[0];
		}
	}

}
