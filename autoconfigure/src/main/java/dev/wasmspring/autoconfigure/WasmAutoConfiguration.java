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

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;

import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.module.WasmModuleResolver;
import dev.wasmspring.runtime.statistics.WasmRuntimeObserver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the WebAssembly runtime: one {@link WasmRuntime} per application,
 * the modules listed under {@code wasm.modules} loaded once every singleton exists and
 * linked against the beans' {@code @WasmImport} methods, and instance beans per module.
 */
@AutoConfiguration
@ConditionalOnClass(WasmRuntime.class)
@EnableConfigurationProperties(WasmProperties.class)
public final class WasmAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WasmRuntime wasmRuntime(WasmProperties properties, ObjectProvider<CompilationCache> compilationCache,
			ObjectProvider<WasmRuntimeObserver> observer, ObjectProvider<WasmModuleResolver> resolver,
			Environment environment) {
		// before anything is built from them
		WasmPropertiesValidator.validate(properties, environment);
		CompilationCache cache = compilationCache.getIfUnique(() -> defaultCompilationCache(properties));
		return WasmRuntime.builder()
			.withEngine(properties.getEngine())
			.withCompilationCache(cache)
			.withDefaultTimeout(properties.getTimeout())
			.withDefaultMaxMemory(properties.getMaxMemory().toBytes())
			.withDefaultMaxTableElements(properties.getMaxTableElements())
			.withMaxModuleSize(properties.getMaxModuleSize().toBytes())
			.withCompileTimeout(properties.getCompileTimeout())
			.withMemoryBudget((properties.getMemoryBudget() != null) ? properties.getMemoryBudget().toBytes() : null)
			.withDefaultMaxAnswerSize(properties.getMaxAnswerSize().toBytes())
			.withDefaultFuel(properties.getFuel())
			.withMaxConcurrentCompilations(
					(properties.getMaxConcurrentCompilations() != null) ? properties.getMaxConcurrentCompilations()
							: Math.max(1, Runtime.getRuntime().availableProcessors()))
			.withMaxWasiOpenFiles(properties.getWasiMaxOpenFiles())
			.withMaxLoadedModules(properties.getMaxLoadedModules())
			.withModuleResolver(resolver.getIfUnique())
			.withSettingNames(new WasmPropertyNames())
			.withObserver(observer.getIfUnique(() -> WasmRuntimeObserver.NONE))
			.build();
	}

	private static CompilationCache defaultCompilationCache(WasmProperties properties) {
		Path directory = properties.getCacheDir();
		if (directory != null) {
			return properties.isSharedCache() ? CompilationCache.shared(directory) : CompilationCache.create(directory);
		}
		return properties.isSharedCache() ? CompilationCache.shared() : CompilationCache.create();
	}

	@Bean
	static WasmRuntimeModuleExpectations wasmRuntimeModuleExpectations(Environment environment) {
		return new WasmRuntimeModuleExpectations(environment);
	}

	@Bean
	static WasmInstanceBeanRegistrar wasmInstanceBeanRegistrar() {
		return new WasmInstanceBeanRegistrar();
	}

	@Bean
	@ConditionalOnMissingBean
	WasmImportMethodRegistrar wasmImportMethodRegistrar(ResourceLoader resourceLoader) {
		return WasmImportMethodRegistrar.create(resourceLoader.getClassLoader());
	}

	@Bean
	WasmHostFunctionSource wasmHostFunctionBeans(ObjectProvider<WasmHostFunction> hostFunctions) {
		return () -> hostFunctions.orderedStream().toList();
	}

	@Bean
	WasmModuleLoader wasmModuleLoader(WasmRuntime runtime, WasmProperties properties, ResourceLoader resourceLoader) {
		return new WasmModuleLoader(runtime, properties, resourceLoader, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnBooleanProperty("wasm.reload.enabled")
	WasmModuleWatcher wasmModuleWatcher(WasmModuleLoader loader, WasmProperties properties) {
		return new WasmModuleWatcher(loader, properties);
	}

	@Bean
	WasmModuleInitializer wasmModuleInitializer(WasmRuntime runtime, WasmModuleLoader loader, WasmProperties properties,
			ObjectProvider<WasmHostFunctionSource> sources, Environment environment) {
		// also when the application defines its own runtime
		WasmPropertiesValidator.validate(properties, environment);
		return new WasmModuleInitializer(runtime, loader, new ArrayList<>(sources.orderedStream().toList()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.cloud.context.environment.EnvironmentChangeEvent")
	static class ConfigurationChangeConfiguration {

		@Bean
		WasmConfigurationChangeListener wasmConfigurationChangeListener(WasmModuleLoader loader,
				Environment environment) {
			return new WasmConfigurationChangeListener(loader, environment);
		}

	}

	@Bean
	@ConditionalOnMissingBean
	WasmInstances wasmInstances(WasmRuntime runtime, ObjectProvider<WasmRequestAttributesCustomizer> customizers) {
		// the runtime itself says when a configured module is asked for before it is
		// loaded
		return new WasmInstances(runtime, customizers.orderedStream().toList());
	}

}
