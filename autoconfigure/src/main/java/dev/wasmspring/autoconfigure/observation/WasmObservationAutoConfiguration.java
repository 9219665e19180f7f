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

package dev.wasmspring.autoconfigure.observation;

import dev.wasmspring.autoconfigure.WasmProperties;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.statistics.WasmRuntimeObserver;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the runtime's observations when an {@link ObservationRegistry}
 * exists, and of its instance meters when Micrometer's metrics are present. Without a
 * registry the runtime observes nothing.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ WasmRuntime.class, ObservationRegistry.class })
public final class WasmObservationAutoConfiguration {

	@Bean
	@ConditionalOnBean(ObservationRegistry.class)
	@ConditionalOnMissingBean(WasmRuntimeObserver.class)
	ObservationWasmRuntimeObserver wasmRuntimeObserver(ObservationRegistry registry,
			ObjectProvider<WasmObservationConvention> convention) {
		return new ObservationWasmRuntimeObserver(registry, convention.getIfUnique());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnBean(WasmRuntime.class)
		WasmInstanceMetrics wasmInstanceMetrics(WasmRuntime runtime, WasmProperties properties) {
			return new WasmInstanceMetrics(runtime, properties.getModules().keySet());
		}

		@Bean
		@ConditionalOnBean(WasmRuntime.class)
		WasmFuelMetrics wasmFuelMetrics() {
			return new WasmFuelMetrics();
		}

	}

}
