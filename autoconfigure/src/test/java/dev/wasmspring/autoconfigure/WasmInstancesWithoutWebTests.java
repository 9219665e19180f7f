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

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WasmInstances} is a bean in applications without Spring Web or the Servlet API
 * too: Spring introspects a bean class's declared methods, which fails if one names a
 * missing type.
 */
class WasmInstancesWithoutWebTests {

	@Test
	void noDeclaredMethodNamesAWebOrServletType() {
		List<String> offending = new ArrayList<>();
		for (Method method : WasmInstances.class.getDeclaredMethods()) {
			List<Class<?>> types = new ArrayList<>(List.of(method.getParameterTypes()));
			types.add(method.getReturnType());
			for (Class<?> type : types) {
				if (type.getName().startsWith("org.springframework.web.") || type.getName().startsWith("jakarta.")) {
					offending.add(method.toString());
				}
			}
		}
		assertThat(offending).isEmpty();
	}

}
