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

import java.util.ArrayList;
import java.util.List;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.module.WasmEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * No engine type reaches a caller through an exception: not as the exception, not
 * anywhere in its cause chain.
 */
class EngineTypesHiddenTests {

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void trapsCarryNoEngineExceptionAsCause(WasmEngine engine) {
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(CompilationCache.create())
			.build()) {
			runtime.define(TestModules.definition("traps", "traps.wasm"));
			for (String export : List.of("unreachable", "oob_memory", "int_overflow", "indirect_mismatch")) {
				try (WasmInstance instance = runtime.newInstance("traps")) {
					WasmTrapException trap = catchThrowableOfType(WasmTrapException.class, () -> instance.call(export));
					assertThat(classesInChain(trap)).as(export).noneMatch((name) -> name.startsWith("com.dylibso."));
					assertThat(trap.getStackTrace()).as("the guest's stack is kept").isNotEmpty();
				}
			}
		}
	}

	@Test
	void malformedModulesCarryNoParserExceptionAsCause() {
		CompilationCache cache = CompilationCache.create();
		for (byte[] bytes : List.of(BrokenModules.malformed(), BrokenModules.invalid(), BrokenModules.truncated())) {
			WasmModuleLoadException failure = catchThrowableOfType(WasmModuleLoadException.class,
					() -> cache.compile(bytes, WasmEngine.COMPILER, "broken", "memory"));
			assertThat(classesInChain(failure)).noneMatch((name) -> name.startsWith("com.dylibso."));
		}
	}

	private static List<String> classesInChain(Throwable failure) {
		List<String> names = new ArrayList<>();
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			names.add(candidate.getClass().getName());
		}
		return names;
	}

}
