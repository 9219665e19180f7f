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

/**
 * What the measured host function {@code env.set(i64)} does: add its argument to a
 * running total, so the call has an effect the JIT cannot drop and a test can check. Used
 * by one benchmark thread.
 */
final class HostSink {

	private long total;

	void set(long value) {
		this.total += value;
	}

	long total() {
		return this.total;
	}

	void reset() {
		this.total = 0;
	}

	/** The total after {@code set_many(start, count)} on a reset sink. */
	static long totalOfSetMany(long start, int count) {
		return start * count + (long) count * (count - 1) / 2;
	}

}
