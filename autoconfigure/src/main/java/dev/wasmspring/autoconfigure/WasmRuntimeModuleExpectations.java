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

import java.util.Map;

import dev.wasmspring.runtime.WasmRuntime;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Tells every {@link WasmRuntime} bean, the auto-configured one or the application's own,
 * which modules are configured under {@code wasm.modules}, so that asking for one of them
 * before the modules are loaded (from a constructor or {@code @PostConstruct}) says that
 * it is not loaded yet and what to do, rather than that no such module exists.
 */
final class WasmRuntimeModuleExpectations implements BeanPostProcessor {

	static final String NOT_LOADED_YET = "it is configured under wasm.modules, and configured modules are loaded "
			+ "once every singleton exists, so that all @WasmImport methods are known. Ask for instances when "
			+ "they are used (WasmInstances.create or current, ObjectProvider.getObject(), an ApplicationRunner), "
			+ "not in a constructor or @PostConstruct method.";

	private final Environment environment;

	WasmRuntimeModuleExpectations(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof WasmRuntime runtime) {
			Map<String, Object> modules = Binder.get(this.environment)
				.bind("wasm.modules", Bindable.mapOf(String.class, Object.class))
				.orElse(Map.of());
			runtime.expect(modules.keySet(), NOT_LOADED_YET);
		}
		return bean;
	}

}
