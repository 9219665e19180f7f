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

package dev.wasmspring.autoconfigure.actuate;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.autoconfigure.WasmModuleLoader;
import dev.wasmspring.autoconfigure.WasmProperties;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/**
 * Auto-configuration of the {@code wasm} health contributor and the {@code wasm} Actuator
 * endpoint.
 */
@AutoConfiguration(after = WasmAutoConfiguration.class)
@ConditionalOnBean(WasmModuleLoader.class)
public final class WasmActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthContributor.class)
	@ConditionalOnEnabledHealthIndicator("wasm")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "wasmHealthContributor")
		WasmHealthContributor wasmHealthContributor(WasmModuleLoader loader, WasmProperties properties) {
			return new WasmHealthContributor(loader, new Status(properties.getHealth().getReloadFailureStatus()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		WasmEndpoint wasmEndpoint(WasmModuleLoader loader) {
			return new WasmEndpoint(loader);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
		@ConditionalOnClass({ Filter.class, WebEndpointProperties.class })
		static class RequestLimitConfiguration {

			@Bean
			@ConditionalOnAvailableEndpoint(WasmEndpoint.class)
			@ConditionalOnMissingBean(name = "wasmEndpointRequestLimit")
			FilterRegistrationBean<Filter> wasmEndpointRequestLimit(ObjectProvider<WebEndpointProperties> web) {
				WebEndpointProperties properties = web.getIfAvailable(WebEndpointProperties::new);
				String basePath = properties.getBasePath();
				String endpointPath = properties.getPathMapping().getOrDefault("wasm", "wasm");
				FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
						new WasmEndpointRequestLimit());
				registration.addUrlPatterns(basePath + "/" + endpointPath, basePath + "/" + endpointPath + "/*");
				registration.setName("wasmEndpointRequestLimit");
				return registration;
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		@ConditionalOnClass({ WebFilter.class, WebEndpointProperties.class })
		static class ReactiveRequestLimitConfiguration {

			@Bean
			@ConditionalOnAvailableEndpoint(WasmEndpoint.class)
			@ConditionalOnMissingBean(name = "wasmEndpointReactiveRequestLimit")
			WebFilter wasmEndpointReactiveRequestLimit(ObjectProvider<WebEndpointProperties> web) {
				WebEndpointProperties properties = web.getIfAvailable(WebEndpointProperties::new);
				return new WasmEndpointReactiveRequestLimit(
						properties.getBasePath() + "/" + properties.getPathMapping().getOrDefault("wasm", "wasm"));
			}

		}

	}

}
