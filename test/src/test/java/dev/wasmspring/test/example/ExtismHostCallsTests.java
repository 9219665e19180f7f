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

package dev.wasmspring.test.example;

import java.nio.charset.StandardCharsets;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmPluginException;
import dev.wasmspring.test.WasmHostCalls;
import dev.wasmspring.test.WasmTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code @WasmTest} stubs and records the host functions of an Extism plugin, which
 * passes and takes text and bytes as memory-block handles.
 */
@WasmTest
@TestPropertySource(properties = "wasm.modules.sink.location=classpath:wasm/extism-kitchen-sink.wasm")
class ExtismHostCallsTests {

	@Autowired
	WasmRuntime runtime;

	@Autowired
	WasmHostCalls hostCalls;

	@Test
	void aStubReadsTheTextOfAnExtismHandleAndAnswersTextInABlock() {
		this.hostCalls.stub("extism:host/user", "decorate", (call) -> call.returnText("<" + call.text(0) + ">"));

		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			assertThat(instance.callText("decorated", "hello world")).isEqualTo("[<hello world>]");
		}
		assertThat(this.hostCalls.calls("extism:host/user", "decorate")).singleElement().satisfies((call) -> {
			assertThat(call.isExtism()).isTrue();
			assertThat(call.text(0)).isEqualTo("hello world");
			assertThat(call.bytes(0)).isEqualTo("hello world".getBytes(StandardCharsets.UTF_8));
		});
	}

	@Test
	void aStubAnswersBytes() {
		this.hostCalls.stub("extism:host/user", "decorate",
				(call) -> call.returnBytes(new byte[] { 'o', 'k', ':', (byte) call.bytes(0).length }));

		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			assertThat(instance.callBytes("decorated", "abc".getBytes(StandardCharsets.UTF_8)))
				.isEqualTo(new byte[] { '[', 'o', 'k', ':', 3, ']' });
		}
	}

	@Test
	void anUnstubbedExtismHostFunctionAnswersHandleZeroAndIsRecorded() {
		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			assertThatExceptionOfType(WasmPluginException.class).isThrownBy(() -> instance.callText("decorated", "x"))
				.satisfies((ex) -> assertThat(ex.getPluginMessage()).isEqualTo("decorate answered nothing"));
		}
		assertThat(this.hostCalls.calls("extism:host/user", "decorate")).singleElement().satisfies((call) -> {
			assertThat(call.text(0)).isEqualTo("x");
			assertThat(call.results()).containsExactly(0L);
			assertThatIllegalArgumentException().isThrownBy(() -> call.text(1));
		});
	}

}
