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

package dev.wasmspring.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmValueType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that defines its own {@link WasmRuntime} bean keeps what it built the
 * runtime with.
 */
class WasmUserRuntimeTests {

	@Test
	void aUserDefinedRuntimeKeepsItsOwnHostFunctionsBesideTheBeansImports() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
			.withUserConfiguration(OwnRuntime.class)
			.withBean("envImports", EnvImports.class)
			.withPropertyValues("wasm.modules.imports.location=classpath:wasm/imports.wasm")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				try (WasmInstance imports = runtime.newInstance("imports")) {
					// env.set is the runtime's own, env.echo_i32 a bean's @WasmImport
					// method
					imports.call("call_set", 21L);
					assertThat(imports.call("call_echo_i32", 7)).isEqualTo(7);
				}
				assertThat(Set.values).containsExactly(21L);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRuntime {

		@Bean
		WasmRuntime ownRuntime() {
			return WasmRuntime.builder()
				.withCompilationCache(CompilationCache.create())
				.withHostFunctions(List.of(new Set()))
				.build();
		}

	}

	static class Set implements WasmHostFunction {

		static final List<Long> values = new CopyOnWriteArrayList<>();

		@Override
		public String module() {
			return "env";
		}

		@Override
		public String name() {
			return "set";
		}

		@Override
		public WasmFunctionType type() {
			return WasmFunctionType.of(List.of(WasmValueType.I64), List.of());
		}

		@Override
		public long[] invoke(WasmCallContext context, long[] args) {
			values.add(args[0]);
			return new long[0];
		}

	}

}
