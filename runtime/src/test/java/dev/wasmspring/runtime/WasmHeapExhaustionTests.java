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

package dev.wasmspring.runtime;

import java.io.IOException;
import java.util.Map;

import dev.wasmspring.runtime.module.WasmEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table and memory bombs thrown by eight concurrent callers at an application in a JVM
 * with a 256 MiB heap: the bombs end in {@code RESOURCE_EXHAUSTED} traps or failed grows,
 * never in an {@link Error} reaching a caller, and the application keeps serving, with
 * both engines.
 */
class WasmHeapExhaustionTests {

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void applicationKeepsServingWhileEightCallersThrowHeapBombs(WasmEngine engine) throws Exception {
		Map<String, String> result = runForked(engine);
		System.out.println("heap bombs (" + engine + "): " + result);
		assertThat(result.keySet()).noneMatch((key) -> key.contains("ERROR-") || key.contains("UNEXPECTED-"));
		// every instance's tables stop at the limit: about a megabyte per instance, not
		// the 78 MiB of 10M elements
		assertThat(Long.parseLong(result.get("tableBombHeapPerInstance"))).isLessThan(4L * 1024 * 1024);
		// memory bombs ran the heap out and were stopped as traps
		assertThat(result).containsKey("outcome.memory_bomb:trap-RESOURCE_EXHAUSTED");
		assertThat(result).containsKey("outcome.table_bomb:ok");
		assertThat(Long.parseLong(result.get("servedDuringBombs"))).isPositive();
		assertThat(result.get("servedAfterBombs")).isEqualTo("100");
	}

	private static Map<String, String> runForked(WasmEngine engine) throws IOException, InterruptedException {
		Map<String, String> result = ForkedJvm.run(HeapBombApplication.class, 120, engine.name(), "4000");
		result.remove("output");
		return result;
	}

}
