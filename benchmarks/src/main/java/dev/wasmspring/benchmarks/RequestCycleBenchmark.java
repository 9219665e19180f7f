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
 * The per-request cycle: acquire an instance, call a small export, release it; one row
 * per module, one column per variant (see {@link RequestCycle#create}). The variant is a
 * parameter rather than a method so that every variant of one module runs back to back,
 * which keeps their ratios fair on a machine whose load changes during the run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+UseG1GC" })
public class RequestCycleBenchmark {

	@Param({ "add", "counter", "big-memory" })
	public String module;

	@Param({ "starter", "starter-no-timeout", "chicory", "starter-interpreter", "memory-floor", "memory-image" })
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
	public long cycle() {
		return this.cycle.run();
	}

	long expected() {
		return this.cycle.expected();
	}

}
