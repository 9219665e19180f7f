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

package dev.wasmspring.autoconfigure.plugin;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.autoconfigure.WasmInstances;
import dev.wasmspring.autoconfigure.reactive.WasmReactiveAutoConfiguration;
import dev.wasmspring.autoconfigure.reactive.WasmReactiveCalls;
import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.plugin.WasmPluginFactory;
import dev.wasmspring.runtime.WasmRuntime;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of {@link WasmPlugin @WasmPlugin} interfaces: the
 * {@link WasmPluginFactory}, and a bean for every plugin interface in the application's
 * packages (unless the application lists its own with {@code @ImportWasmPlugins}).
 * <p>
 * Web test slices ({@code @WebMvcTest}, {@code @WebFluxTest}) include it too, without the
 * runtime: the plugin beans are then stand-ins whose calls say what the slice lacks, so a
 * controller that uses a plugin can be tested without extra annotations.
 */
@AutoConfiguration(after = { WasmAutoConfiguration.class, WasmReactiveAutoConfiguration.class })
@ConditionalOnClass(WasmPlugin.class)
@Import(ScannedWasmPluginsRegistrar.class)
public final class WasmPluginAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(WasmPluginFactory.class)
	@ConditionalOnBean({ WasmRuntime.class, WasmInstances.class })
	DefaultWasmPluginFactory wasmPluginFactory(WasmRuntime runtime, WasmInstances instances,
			ObjectProvider<WasmReactiveCalls> reactiveCalls, ObjectProvider<PluginJson> json) {
		return new DefaultWasmPluginFactory(new PluginInstances(runtime, instances, reactiveCalls), json.getIfUnique());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JacksonConfiguration {

		@Bean
		PluginJson wasmPluginJson(ObjectProvider<JsonMapper> jsonMapper) {
			return new JacksonPluginJson(jsonMapper.getIfUnique(JsonMapper::shared));
		}

	}

}
