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

package dev.wasmspring.autoconfigure.reactive;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.runtime.WasmRuntime;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of guest calls from reactive code: {@link WasmReactiveCalls} when
 * Reactor is present, and per-exchange instances in a WebFlux application.
 */
@AutoConfiguration(after = WasmAutoConfiguration.class)
@ConditionalOnClass(Mono.class)
@ConditionalOnBean(WasmRuntime.class)
public final class WasmReactiveAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WasmReactiveCalls wasmReactiveCalls(WasmRuntime runtime) {
		return new WasmReactiveCalls(runtime);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
	static class ExchangeInstancesConfiguration {

		@Bean
		WasmExchangeFilter wasmExchangeFilter() {
			return new WasmExchangeFilter();
		}

	}

}
