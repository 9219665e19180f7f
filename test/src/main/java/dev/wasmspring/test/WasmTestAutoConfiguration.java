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

package dev.wasmspring.test;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.autoconfigure.WasmHostFunctionSource;
import dev.wasmspring.autoconfigure.WasmProperties;
import dev.wasmspring.runtime.WasmRuntime;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Test auto-configuration of the WebAssembly runtime: {@link WasmHostCalls}, recording of
 * every host function, stubs for the imports nothing provides, and the application's JSON
 * mapper for plugin interfaces.
 */
@AutoConfiguration(after = WasmAutoConfiguration.class)
@Import(WasmTestAutoConfiguration.JacksonIfPresent.class)
public final class WasmTestAutoConfiguration {

	@Bean
	WasmHostCalls wasmHostCalls() {
		return new WasmHostCalls();
	}

	@Bean
	static BeanPostProcessor wasmHostCallRecorder(ObjectProvider<WasmHostCalls> calls) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
				if (bean instanceof WasmHostFunctionSource source && !(bean instanceof StubbedImports)) {
					return new RecordedSource(source, calls.getObject());
				}
				return bean;
			}

		};
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	StubbedImports wasmStubbedImports(WasmRuntime runtime, WasmProperties properties, ResourceLoader resourceLoader,
			ObjectProvider<WasmHostFunctionSource> sources, WasmHostCalls calls) {
		return new StubbedImports(runtime, properties, resourceLoader, sources, calls);
	}

	/** A source whose functions are recorded. */
	private record RecordedSource(WasmHostFunctionSource delegate,
			WasmHostCalls calls) implements WasmHostFunctionSource {

		@Override
		public java.util.Collection<RecordingHostFunction> hostFunctions() {
			return this.delegate.hostFunctions()
				.stream()
				.map((function) -> new RecordingHostFunction(function, this.calls))
				.toList();
		}

	}

	/** Spring Boot's Jackson auto-configuration, when the application has it. */
	static final class JacksonIfPresent implements ImportSelector {

		private static final String JACKSON = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration";

		@Override
		public String[] selectImports(AnnotationMetadata metadata) {
			return ClassUtils.isPresent(JACKSON, getClass().getClassLoader()) ? new String[] { JACKSON }
					: new String[0];
		}

	}

}
