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

import java.util.List;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Text in and out of a guest through the memory ABI: the guest's alloc, (ptr, len) in,
 * (ptr << 32) | len out.
 */
class WasmInstanceTextTests {

	private static final WasmFunctionType GREET = WasmFunctionType.of(List.of(WasmValueType.I32, WasmValueType.I32),
			List.of(WasmValueType.I64));

	private long greetAnswer;

	private final WasmRuntime runtime = WasmRuntime.builder()
		.withCompilationCache(CompilationCache.create())
		.withHostFunctions(StubHostFunction.forImportsModule(new StubHostFunction("env", "greet", GREET,
				(context,
						args) -> new long[] {
								(this.greetAnswer != 0) ? this.greetAnswer : (args[0] << 32) | args[1] })))
		.build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void textGoesInAndComesBackThroughTheGuestsAllocator() {
		this.runtime.define(TestModules.definition("imports", "imports.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("imports")) {
			assertThat(instance.callText("call_greet", "héllo wörld")).isEqualTo("héllo wörld");
			assertThat(instance.callText("call_greet", "")).isEmpty();
		}
	}

	@Test
	void inputTheGuestCannotAllocateFailsClearlyAndLeavesTheInstanceUsable() {
		this.runtime.define(TestModules.definition("imports", "imports.wasm").withMaxMemory(64L * 1024));
		try (WasmInstance instance = this.runtime.newInstance("imports")) {
			assertThatExceptionOfType(WasmCallException.class)
				.isThrownBy(() -> instance.callText("call_greet", "x".repeat(200_000)))
				.withMessageContaining("could not allocate 200000 bytes")
				.withMessageContaining("'call_greet'")
				.withMessageContaining("raise the memory limit of module 'imports'");
			assertThat(instance.callText("call_greet", "small")).isEqualTo("small");
		}
	}

	@Test
	void aResultRangeOutsideMemoryFailsClearly() {
		this.greetAnswer = (0x7fff0000L << 32) | 16;
		this.runtime.define(TestModules.definition("imports", "imports.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("imports")) {
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.callText("call_greet", "hi"))
				.withMessageContaining("returned the range 2147418112+16")
				.withMessageContaining("outside its memory");
		}
	}

	@Test
	void anExportWithoutTheTextSignatureIsRefusedBeforeAnythingRuns() {
		this.runtime.define(TestModules.definition("imports", "imports.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("imports")) {
			assertThatExceptionOfType(WasmCallException.class)
				.isThrownBy(() -> instance.callText("call_echo_i32", "hi"))
				.satisfies(
						(thrown) -> assertThat(thrown.getReason()).isEqualTo(WasmCallException.Reason.ILLEGAL_ARGUMENT))
				.withMessageContaining("has signature (i32) -> i32")
				.withMessageContaining("(i32, i32) -> i64");
			assertThat(instance.isOpen()).isTrue();
		}
	}

	@Test
	void aModuleWithoutAllocatorIsToldToExportOne() {
		this.runtime.define(TestModules.definition("stateful", "stateful.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("stateful")) {
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.callText("memory_byte", "hi"))
				.satisfies(
						(thrown) -> assertThat(thrown.getReason()).isEqualTo(WasmCallException.Reason.ILLEGAL_ARGUMENT))
				.withMessageContaining("module 'stateful'");
		}
	}

}
