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
 * One instance of a module whose {@code set_many(i64 start, i32 count)} export calls the
 * host's {@code env.set(i64)} once per iteration. Kept for a whole benchmark trial, since
 * the loop changes no guest state. Used by one thread; whoever opens it closes it.
 */
interface HostLoop extends AutoCloseable {

	/**
	 * Make the guest call {@code env.set(start + i)} for i in 0..count-1.
	 * @param start the first value
	 * @param count how many host calls
	 */
	void setMany(long start, int count);

	/**
	 * Call another export.
	 * @param export the export
	 * @param args raw arguments
	 * @return the first result, or 0 if it has none
	 */
	long call(String export, long... args);

	@Override
	void close();

}
