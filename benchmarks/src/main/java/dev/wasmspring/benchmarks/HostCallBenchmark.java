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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one call from guest code to a host function: the guest's {@code set_many}
 * loop calls {@code env.set(i64)} {@value #CALLS} times per invocation, so the score is
 * per host call (the loop and the one export call around it included). Modules with one
 * import and with eleven; bindings as in {@link HostBinding}. With eleven imports, every
 * import is called during setup first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+UseG1GC" })
public class HostCallBenchmark {

	static final int CALLS = 1000;

	static final long START = 1;

	/**
	 * Calls of each other import before measuring: enough for the JIT to see them all.
	 */
	static final int EXERCISE_ROUNDS = 20_000;

	@Param({ "one", "eleven" })
	public String imports;

	@Param({ "chicory-host-function", "wasm-host-function", "wasm-import" })
	public String binding;

	private final HostSink sink = new HostSink();

	private HostLoop loop;

	int exerciseRounds = EXERCISE_ROUNDS;

	@Setup(Level.Trial)
	public void setUp() {
		HostLoopModule module = HostLoopModule.of(this.imports);
		this.loop = HostBinding.of(this.binding).open(module, this.sink);
		if (module.importsOthers()) {
			HostImports.exercise(this.loop, this.exerciseRounds);
		}
		this.sink.reset();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.loop.close();
	}

	@Benchmark
	@OperationsPerInvocation(CALLS)
	public long setMany() {
		long before = this.sink.total();
		this.loop.setMany(START, CALLS);
		return this.sink.total() - before;
	}

	/**
	 * The result of every {@link #setMany()}: the sum of the values the host received.
	 */
	long expected() {
		return HostSink.totalOfSetMany(START, CALLS);
	}

}
