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
 * A text round trip through the memory ABI ({@link TextCall}) with 1 KiB and 64 KiB of
 * text, through the starter's {@code callText} and by hand on raw Chicory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+UseG1GC" })
public class TextRoundTripBenchmark {

	private static final String WORDS = "Hello, World! Wasm plugins run per request 2024 -- fast & safe? ";

	@Param({ "1024", "65536" })
	public int bytes;

	@Param({ "starter", "chicory" })
	public String variant;

	private String text;

	private TextCall call;

	@Setup(Level.Trial)
	public void setUp() {
		this.text = text(this.bytes);
		this.call = TextCall.create(this.variant, this.bytes);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.call.close();
	}

	@Benchmark
	public String slugify() {
		return this.call.call(this.text);
	}

	String input() {
		return this.text;
	}

	/** ASCII text of exactly the given number of UTF-8 bytes. */
	static String text(int bytes) {
		StringBuilder text = new StringBuilder(bytes);
		while (text.length() < bytes) {
			text.append(WORDS, 0, Math.min(WORDS.length(), bytes - text.length()));
		}
		String result = text.toString();
		if (result.getBytes(StandardCharsets.UTF_8).length != bytes) {
			throw new IllegalStateException("The benchmark text must be ASCII");
		}
		return result;
	}

}
