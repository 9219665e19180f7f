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

package dev.wasmspring.autoconfigure.web;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.runtime.WasmRuntime;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of plugin failures over HTTP, in Spring MVC and in WebFlux
 * applications; {@code wasm.web.errors.enabled} turns it off.
 */
@AutoConfiguration(after = WasmAutoConfiguration.class)
@ConditionalOnClass(WasmRuntime.class)
@ConditionalOnBooleanProperty(name = "wasm.web.errors.enabled", matchIfMissing = true)
public final class WasmWebAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WasmExceptionHandler wasmExceptionHandler(Environment environment) {
			return new WasmExceptionHandler(
					environment.getProperty("spring.mvc.problemdetails.enabled", Boolean.class, false));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty("spring.webflux.problemdetails.enabled")
		WasmReactiveExceptionHandler.ProblemDetails wasmReactiveProblemDetails() {
			return new WasmReactiveExceptionHandler.ProblemDetails();
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "spring.webflux.problemdetails.enabled", havingValue = false,
				matchIfMissing = true)
		WasmReactiveExceptionHandler.ErrorStatus wasmReactiveErrorStatus() {
			return new WasmReactiveExceptionHandler.ErrorStatus();
		}

	}

}
