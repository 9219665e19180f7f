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

import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bytes of a module being read are reserved from the runtime's memory budget as they
 * arrive: a module the budget cannot hold fails to load with {@code TOO_LARGE} naming the
 * budget, and what the read reserved is returned.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ModuleReadBudgetTests {

	private final WasmRuntime runtime = WasmRuntime.builder()
		.withCompilationCache(CompilationCache.create())
		.withMemoryBudget(128L * 1024)
		.build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void aModuleTheBudgetCannotHoldWhileItIsReadFailsToLoad() {
		// 250 KB from a stream: read in growing buffers, each reserved before it is made
		byte[] bytes = GeneratedModules.globals(50_000);
		WasmModuleDefinition large = WasmModuleDefinition.of("large",
				ModuleSource.ofStream("stream:large", () -> new ByteArrayInputStream(bytes)));
		assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(() -> this.runtime.define(large))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.TOO_LARGE))
			.withMessageContaining("the runtime's memory budget of 131072 bytes (the runtime's memory budget "
					+ "(WasmRuntime.Builder.withMemoryBudget)) could not hold its bytes while they were read");
		assertThat(this.runtime.memoryUsage().reservedBytes()).isZero();
		// a module that fits loads, and its reading is returned too
		this.runtime.define(WasmModuleDefinition.of("add",
				ModuleSource.ofStream("stream:add", () -> new ByteArrayInputStream(TestModules.bytes("add.wasm")))));
		assertThat(this.runtime.memoryUsage().reservedBytes()).isZero();
		try (WasmInstance instance = this.runtime.newInstance("add")) {
			assertThat(instance.call("add", 40, 2)).isEqualTo(42);
		}
	}

	@Test
	void anInputTheBudgetCannotCopyIntoTheGuestFailsTypedAndDiscardsTheInstance() {
		this.runtime.define(TestModules.definition("answers", "answer-bomb.wasm"));
		WasmInstance instance = this.runtime.newInstance("answers");
		// writing the input copies one 64 KiB page, more than the 128 KiB budget has left
		// after two pages
		long before = this.runtime.memoryUsage().reservedBytes();
		assertThat(before).isLessThan(64L * 1024);
		try (WasmInstance holder = this.runtime.newInstance("answers")) {
			holder.callText("small", "fills one page");
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.callText("small", "x"))
				.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(WasmTrapException.Kind.RESOURCE_EXHAUSTED))
				.withMessageContaining("the runtime's memory budget");
		}
		assertThat(instance.isOpen()).isFalse();
		instance.close();
		assertThat(this.runtime.memoryUsage().reservedBytes()).isZero();
	}

	@Test
	void anExtismInputTheBudgetCannotHoldFailsTyped() {
		this.runtime.define(TestModules.definition("offsets", "extism-offsets.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("offsets")) {
			assertThatExceptionOfType(WasmTrapException.class)
				.isThrownBy(() -> instance.callBytes("output_mid", new byte[256 * 1024]))
				.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(WasmTrapException.Kind.RESOURCE_EXHAUSTED));
			assertThat(instance.isOpen()).isFalse();
		}
		assertThat(this.runtime.memoryUsage().reservedBytes()).isZero();
		try (WasmInstance next = this.runtime.newInstance("offsets")) {
			assertThat(next.callText("output_mid", "")).isEqualTo("EFGH");
		}
	}

}
