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

package dev.wasmspring.autoconfigure.aot;

import java.util.Map;
import java.util.TreeMap;

import dev.wasmspring.runtime.WasmRuntime;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.aot.BeanFactoryInitializationCode;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Registers the modules configured under {@code wasm.modules} that live on the class path
 * as resources of the AOT-processed application, so that a native image contains their
 * bytes. The default location pattern {@code classpath:wasm/*.wasm} is always included,
 * and so is the code compiled at build time
 * ({@code META-INF/wasm-spring-boot/compiled/}).
 * <p>
 * Used by Spring AOT at build time only; stateless.
 */
final class WasmModuleResourcesAotProcessor implements BeanFactoryInitializationAotProcessor {

	static final String DEFAULT_PATTERN = "wasm/*.wasm";

	static final String BUILD_TIME_CODE_PATTERN = "META-INF/wasm-spring-boot/compiled/*.jar";

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		if (beanFactory.getBeanNamesForType(WasmRuntime.class, false, false).length == 0) {
			return null;
		}
		Environment environment = beanFactory.getBean(Environment.class);
		Map<String, String> locations = Binder.get(environment)
			.bind("wasm.modules", Bindable.mapOf(String.class, ModuleLocation.class))
			.map(WasmModuleResourcesAotProcessor::locations)
			.orElse(Map.of());
		return new Contribution(locations);
	}

	private static Map<String, String> locations(Map<String, ModuleLocation> modules) {
		Map<String, String> locations = new TreeMap<>();
		modules.forEach((name, module) -> {
			if (module.getLocation() != null) {
				locations.put(name, module.getLocation());
			}
		});
		return locations;
	}

	/**
	 * The one property of a module this processor reads.
	 */
	static final class ModuleLocation {

		private @Nullable String location;

		public @Nullable String getLocation() {
			return this.location;
		}

		public void setLocation(@Nullable String location) {
			this.location = location;
		}

	}

	private record Contribution(Map<String, String> locations) implements BeanFactoryInitializationAotContribution {

		@Override
		public void applyTo(GenerationContext generationContext,
				BeanFactoryInitializationCode beanFactoryInitializationCode) {
			RuntimeHints hints = generationContext.getRuntimeHints();
			hints.resources().registerPattern(DEFAULT_PATTERN);
			// code compiled at build time (wasm-maven-plugin), found by module digest
			hints.resources().registerPattern(BUILD_TIME_CODE_PATTERN);
			this.locations.values().forEach((location) -> {
				if (location.startsWith(ResourceLoader.CLASSPATH_URL_PREFIX)) {
					String path = location.substring(ResourceLoader.CLASSPATH_URL_PREFIX.length());
					hints.resources().registerPattern(path.startsWith("/") ? path.substring(1) : path);
				}
			});
		}

	}

}
