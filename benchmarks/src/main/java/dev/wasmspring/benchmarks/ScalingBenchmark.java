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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the per-request cycle with one thread and with two threads sharing one
 * runtime (or one compiled Chicory module): whether anything on the path serialises
 * requests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+UseG1GC" })
public class ScalingBenchmark {

	@Param({ "add", "counter", "big-memory" })
	public String module;

	@Param({ "starter", "chicory" })
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
	@Threads(1)
	public long oneThread() {
		return this.cycle.run();
	}

	@Benchmark
	@Threads(2)
	public long twoThreads() {
		return this.cycle.run();
	}

	long expected() {
		return this.cycle.expected();
	}

}
