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

import java.util.stream.Stream;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.exception.WasmTrapException.Kind;
import dev.wasmspring.runtime.module.WasmEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every way a guest can trap ends that call with a {@link WasmTrapException} of the right
 * kind, naming the module and the export, on both engines; the instance is discarded and
 * the next instance works.
 */
class WasmTrapTests {

	private WasmRuntime runtime;

	@AfterEach
	void close() {
		if (this.runtime != null) {
			this.runtime.close();
		}
	}

	static Stream<Arguments> traps() {
		Stream.Builder<Arguments> traps = Stream.builder();
		for (WasmEngine engine : WasmEngine.values()) {
			traps.add(Arguments.of(engine, "unreachable", new Object[0], Kind.UNREACHABLE));
			traps.add(Arguments.of(engine, "div_by_zero", new Object[] { 0 }, Kind.INTEGER_DIVIDE_BY_ZERO));
			traps.add(Arguments.of(engine, "int_overflow", new Object[0], Kind.INTEGER_OVERFLOW));
			traps.add(Arguments.of(engine, "oob_memory", new Object[0], Kind.OUT_OF_BOUNDS_MEMORY_ACCESS));
			traps.add(Arguments.of(engine, "recurse", new Object[] { 0 }, Kind.CALL_STACK_EXHAUSTED));
			traps.add(Arguments.of(engine, "indirect_mismatch", new Object[0], Kind.INDIRECT_CALL_TYPE_MISMATCH));
			traps.add(Arguments.of(engine, "throw_uncaught", new Object[0], Kind.UNCAUGHT_EXCEPTION));
		}
		return traps.build();
	}

	@ParameterizedTest(name = "{0} {1} -> {3}")
	@MethodSource("traps")
	void trapEndsTheCallWithItsKindModuleAndExport(WasmEngine engine, String export, Object[] args, Kind kind) {
		define(engine);
		try (WasmInstance instance = this.runtime.newInstance("traps")) {
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call(export, args))
				.satisfies((trap) -> {
					assertThat(trap.getKind()).isEqualTo(kind);
					assertThat(trap.getModuleName()).isEqualTo("traps");
					assertThat(trap.getExportName()).isEqualTo(export);
					assertThat(trap.getMessage()).contains("WASM module 'traps'", "'" + export + "'", kind.name());
					// the engine's own failure, if kept, is only ever the cause
					assertThat(trap.getCause()).satisfiesAnyOf((cause) -> assertThat(cause).isNull(),
							(cause) -> assertThat(cause).isNotInstanceOf(WasmException.class));
				});
			assertThat(instance.isOpen()).isFalse();
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("ok"))
				.satisfies((thrown) -> assertThat(thrown.getReason())
					.isEqualTo(WasmCallException.Reason.INSTANCE_UNUSABLE))
				.withMessageContaining("discarded after WasmTrapException in '" + export + "'");
		}
		try (WasmInstance next = this.runtime.newInstance("traps")) {
			assertThat(next.call("ok")).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void uncaughtWasmExceptionNamesItsTagAndPayload(WasmEngine engine) {
		define(engine);
		try (WasmInstance instance = this.runtime.newInstance("traps")) {
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("throw_uncaught"))
				.withMessageContaining("a WebAssembly exception (tag 0, payload [42]) was thrown and not caught");
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void deepRecursionTrapsAgainAndAgainWithoutLeakingStackOverflowError(WasmEngine engine) {
		define(engine);
		for (int i = 0; i < 5; i++) {
			try (WasmInstance instance = this.runtime.newInstance("traps")) {
				assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("recurse", 0))
					.satisfies((trap) -> assertThat(trap.getKind()).isEqualTo(Kind.CALL_STACK_EXHAUSTED));
			}
		}
		try (WasmInstance instance = this.runtime.newInstance("traps")) {
			assertThat(instance.call("ok")).isEqualTo(1);
			assertThat(instance.call("div_by_zero", 1)).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void trapInOneInstanceLeavesAnotherOpenInstanceWorking(WasmEngine engine) {
		define(engine);
		try (WasmInstance bystander = this.runtime.newInstance("traps");
				WasmInstance failing = this.runtime.newInstance("traps")) {
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> failing.call("unreachable"));
			assertThat(bystander.isOpen()).isTrue();
			assertThat(bystander.call("ok")).isEqualTo(1);
		}
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

	private void define(WasmEngine engine) {
		this.runtime = WasmRuntime.builder().withEngine(engine).withCompilationCache(CompilationCache.create()).build();
		this.runtime.define(TestModules.definition("traps", "traps.wasm"));
	}

}
