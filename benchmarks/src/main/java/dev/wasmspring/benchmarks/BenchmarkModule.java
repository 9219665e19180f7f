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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The modules the per-request benchmarks instantiate, each with the small export a
 * request calls and the answer that call must give. Immutable.
 */
public enum BenchmarkModule {

	/**
	 * No memory, no imports: the per-instance cost of the engine and the starter alone.
	 */
	ADD("add", "wasm/add.wasm", "add", new long[] { 20, 22 }, 42),

	/**
	 * A C reactor with two pages of memory and an {@code _initialize} that runs on every
	 * instance.
	 */
	COUNTER("counter", "wasm/counter.wasm", "fib", new long[] { 20 }, 6765),

	/**
	 * 20 pages of initial memory filled by 256 data segments: instantiation is mostly
	 * memory work.
	 */
	BIG_MEMORY("big-memory", "wasm/big-memory.wasm", "ok", new long[0], 1),

	/**
	 * A C reactor of 20 pages whose {@code _initialize} is expensive (a 1 MiB table and a
	 * word index).
	 */
	WORD_INDEX("word-index", "wasm/word-index.wasm", "ok", new long[0], 1),

	/** A C reactor of 256 initial pages (16 MiB), of which a request touches none. */
	LARGE_MEMORY("large-memory", "wasm/large-memory.wasm", "ok", new long[0], 1);

	private final String id;

	private final String resource;

	private final String export;

	private final long[] args;

	private final long expected;

	BenchmarkModule(String id, String resource, String export, long[] args, long expected) {
		this.id = id;
		this.resource = resource;
		this.export = export;
		this.args = args;
		this.expected = expected;
	}

	/**
	 * Return the module of a benchmark parameter value.
	 * @param id the id, as in {@code @Param}
	 * @return the module
	 */
	public static BenchmarkModule of(String id) {
		return Arrays.stream(values())
			.filter((module) -> module.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No benchmark module '" + id + "'"));
	}

	public String id() {
		return this.id;
	}

	public String export() {
		return this.export;
	}

	/**
	 * Return the arguments of the export call.
	 * @return a copy of the arguments
	 */
	public long[] args() {
		return this.args.clone();
	}

	/**
	 * Return the first result the export call must give.
	 * @return the result
	 */
	public long expected() {
		return this.expected;
	}

	/**
	 * Return the module's bytes.
	 * @return the bytes
	 */
	public byte[] bytes() {
		return read(this.resource);
	}

	static byte[] read(String resource) {
		try (InputStream in = BenchmarkModule.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Benchmark module " + resource + " is not on the class path");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
