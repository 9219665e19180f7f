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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.ObjectMapper;

/**
 * The figures a single-shot harness reports, as the JSON object the benchmark suite keeps
 * beside JMH's results and the report renders: numbers, texts, lists and nested objects
 * under names of the harness's choosing, in the order they were put. Not thread-safe.
 */
final class HarnessFigures {

	private final Map<String, Object> figures = new LinkedHashMap<>();

	/**
	 * Sets a figure.
	 * @param name its name
	 * @param value a number, a text, a list or a map of such
	 * @return these figures
	 */
	HarnessFigures put(String name, Object value) {
		this.figures.put(name, value);
		return this;
	}

	Map<String, Object> asMap() {
		return this.figures;
	}

	/**
	 * Writes the figures to the file given, if any.
	 * @param file where to write them, or {@code null} for nowhere
	 * @throws IOException if the file cannot be written
	 */
	void write(Path file) throws IOException {
		if (file != null) {
			Files.writeString(file,
					new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(this.figures));
		}
	}

	/**
	 * The distribution of single-shot times: count, 50th and 99th percentiles, maximum
	 * and mean, in milliseconds.
	 * @param nanos the times, in nanoseconds
	 * @return the distribution, as a JSON object
	 */
	static Map<String, Object> distribution(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		Map<String, Object> distribution = new LinkedHashMap<>();
		distribution.put("calls", sorted.length);
		if (sorted.length > 0) {
			distribution.put("p50Ms", percentile(sorted, 0.50));
			distribution.put("p99Ms", percentile(sorted, 0.99));
			distribution.put("minMs", sorted[0] / 1e6);
			distribution.put("maxMs", sorted[sorted.length - 1] / 1e6);
			distribution.put("meanMs", Arrays.stream(sorted).average().orElse(0) / 1e6);
		}
		return distribution;
	}

	/**
	 * The nearest-rank percentile of sorted times, in milliseconds.
	 * @param sorted times in nanoseconds, ascending
	 * @param fraction the percentile, between 0 and 1
	 * @return the percentile in milliseconds
	 */
	static double percentile(long[] sorted, double fraction) {
		int index = (int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

}
