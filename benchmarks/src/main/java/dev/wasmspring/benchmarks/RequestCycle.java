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

import java.time.Duration;

import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmSnapshot;

/**
 * One way of serving a request with a module: create an instance, call the module's small
 * export, and let the instance go. Each implementation is one column of the per-request
 * table. Implementations are safe to share between threads (each run creates its own
 * instance); whoever creates one closes it.
 */
interface RequestCycle extends AutoCloseable {

	/**
	 * The timeout configured for the starter's "with timeout" variants: far above any
	 * call, so it never fires.
	 */
	Duration TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Serve one request.
	 * @return the call's first result
	 */
	long run();

	/**
	 * Return what {@link #run()} must return.
	 * @return the expected result
	 */
	long expected();

	@Override
	default void close() {
	}

	/**
	 * Create the cycle a benchmark parameter names and run it once, checking its answer,
	 * as every benchmark's setup does.
	 * @param variant the variant, as in {@code @Param}
	 * @param module the module
	 * @return the cycle, ready to run
	 * @throws IllegalStateException if the cycle's answer is not the expected one
	 */
	static RequestCycle checked(String variant, BenchmarkModule module) {
		RequestCycle cycle = create(variant, module);
		long result = cycle.run();
		if (result != cycle.expected()) {
			cycle.close();
			throw new IllegalStateException(
					variant + " on " + module + " returned " + result + " instead of " + cycle.expected());
		}
		return cycle;
	}

	/**
	 * Create the cycle a benchmark parameter names.
	 * @param variant the variant, as in {@code @Param}
	 * @param module the module
	 * @return the cycle, ready to run
	 */
	static RequestCycle create(String variant, BenchmarkModule module) {
		return switch (variant) {
			case "starter" -> new StarterCycle(module, WasmEngine.COMPILER, TIMEOUT);
			case "starter-snapshot" ->
				new StarterCycle(module, WasmEngine.COMPILER, TIMEOUT, WasmSnapshot.AFTER_INITIALIZE);
			case "starter-no-timeout" -> new StarterCycle(module, WasmEngine.COMPILER, Duration.ZERO);
			case "starter-interpreter" -> new StarterCycle(module, WasmEngine.INTERPRETER, TIMEOUT);
			case "chicory" -> new ChicoryCycle(module, true);
			case "chicory-instantiate" -> new ChicoryCycle(module, false);
			case "chicory-as-documented" -> new ChicoryAsDocumentedCycle(module);
			case "memory-floor" -> new MemoryFloor(module, false);
			case "memory-image" -> new MemoryFloor(module, true);
			default -> throw new IllegalArgumentException("No request cycle variant '" + variant + "'");
		};
	}

}
