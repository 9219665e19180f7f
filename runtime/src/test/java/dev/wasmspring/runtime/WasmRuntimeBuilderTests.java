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

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.compile.CompilationCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builder's settings are kept in a package-private superclass; the builder declares
 * each of them again with its own return type, so that code compiled against a builder
 * whose methods returned the builder still links.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class WasmRuntimeBuilderTests {

	@Test
	void everySettingIsDeclaredByTheBuilderReturningTheBuilder() throws Exception {
		List<Method> settings = Arrays.stream(RuntimeOptions.class.getDeclaredMethods())
			.filter((method) -> Modifier.isPublic(method.getModifiers()) && !method.isSynthetic())
			.toList();
		assertThat(settings).hasSizeGreaterThan(10);
		for (Method setting : settings) {
			Method declared = WasmRuntime.Builder.class.getDeclaredMethod(setting.getName(),
					setting.getParameterTypes());
			assertThat(declared.getReturnType()).as(setting.getName()).isEqualTo(WasmRuntime.Builder.class);
		}
	}

	@Test
	void settingsChainOnTheBuilder() {
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withMaxModuleSize(1024)
			.withDefaultMaxTableElements(10)
			.build()) {
			assertThat(runtime.isClosed()).isFalse();
		}
	}

}
