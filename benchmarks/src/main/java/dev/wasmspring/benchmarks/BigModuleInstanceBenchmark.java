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
 * A new instance of a big module: a new instance, the module's {@code ok()}, the instance
 * let go. {@code bigmod-javy} has a JavaScript engine's shape (20 pages, thousands of
 * functions in a table of 3,001 entries from an element segment, 49 globals, 421 KiB of
 * data), {@code bigmod-go} a Go program's (271 pages, 1 MiB of data). Variants as in
 * {@link InstantiationBenchmark}: raw Chicory instantiating only
 * ({@code chicory-instantiate}), raw Chicory with {@code _initialize} ({@code chicory}),
 * the starter ({@code starter}, {@code _initialize} on every instance) and the starter
 * from a snapshot taken after {@code _initialize} ({@code starter-snapshot}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+UseG1GC" })
public class BigModuleInstanceBenchmark {

	@Param({ "bigmod-javy", "bigmod-go" })
	public String module;

	@Param({ "chicory-instantiate", "chicory", "starter", "starter-snapshot" })
	public String variant;

	private RequestCycle cycle;

	@Setup(Level.Trial)
	public void setUp() {
		this.cycle = RequestCycle.checked(this.variant, BenchmarkModule.of(this.module));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.cycle.close();
	}

	@Benchmark
	public long instantiate() {
		return this.cycle.run();
	}

	long expected() {
		return this.cycle.expected();
	}

}
