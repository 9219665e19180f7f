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

package dev.wasmspring.runtime.internal.host;

import java.util.List;
import java.util.Map;

import com.dylibso.chicory.runtime.WasmFunctionHandle;
import dev.wasmspring.runtime.function.TestContexts;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.internal.limits.CallDeadline;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The engine's handles on host functions behave the same whether they are dedicated
 * hidden classes or the shared fallback.
 */
class HostCallsTests {

	private final WasmCallContext context = TestContexts.detached("calc", Map.of("factor", 3L));

	private final WasmHostFunction triple = new WasmHostFunction() {

		@Override
		public String module() {
			return "env";
		}

		@Override
		public String name() {
			return "triple";
		}

		@Override
		public WasmFunctionType type() {
			return WasmFunctionType.of(List.of(WasmValueType.I64), List.of(WasmValueType.I64));
		}

		@Override
		public long[] invoke(WasmCallContext context, long[] args) throws Exception {
			if (args[0] < 0) {
				throw new Exception("negative");
			}
			return new long[] { args[0] * (Long) context.attribute("factor") };
		}

	};

	@Test
	void dedicatedHandleCallsTheFunctionWithTheInstancesContext() {
		WasmFunctionHandle handle = HostCalls.factory(this.triple, "env.triple")
			.apply(this.context, new CallDeadline());
		assertThat(handle.getClass().isHidden()).isTrue();
		assertThat(handle.apply(null, 14)).containsExactly(42);
	}

	@Test
	void sharedHandleCallsTheFunctionWithTheInstancesContext() {
		WasmFunctionHandle handle = HostCalls.sharedFactory(this.triple, "env.triple")
			.apply(this.context, new CallDeadline());
		assertThat(handle.getClass().isHidden()).isFalse();
		assertThat(handle.apply(null, 14)).containsExactly(42);
	}

	@Test
	void bothHandlesCarryAFailureWithTheImportName() {
		for (WasmFunctionHandle handle : List.of(
				HostCalls.factory(this.triple, "env.triple").apply(this.context, new CallDeadline()),
				HostCalls.sharedFactory(this.triple, "env.triple").apply(this.context, new CallDeadline()))) {
			assertThatExceptionOfType(HostFailure.class).isThrownBy(() -> handle.apply(null, -1))
				.satisfies((failure) -> {
					assertThat(failure.importName).isEqualTo("env.triple");
					assertThat(failure.getCause()).hasMessage("negative");
				});
		}
	}

	@Test
	void eachLinkedImportGetsItsOwnHandleClass() {
		Class<?> first = HostCalls.factory(this.triple, "env.triple")
			.apply(this.context, new CallDeadline())
			.getClass();
		Class<?> second = HostCalls.factory(this.triple, "env.triple")
			.apply(this.context, new CallDeadline())
			.getClass();
		assertThat(first).isNotEqualTo(second);
	}

}
