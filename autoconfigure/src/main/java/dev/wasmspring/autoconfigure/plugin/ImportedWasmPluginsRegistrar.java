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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wasmspring.plugin.ImportWasmPlugins;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers the plugin interfaces an {@link ImportWasmPlugins @ImportWasmPlugins} names
 * or finds, and marks the context so that the auto-configuration does not scan the
 * application's packages as well.
 */
public final class ImportedWasmPluginsRegistrar
		implements ImportBeanDefinitionRegistrar, EnvironmentAware, ResourceLoaderAware {

	/** Name of the bean that marks a context whose plugins are imported explicitly. */
	static final String MARKER = ImportedWasmPluginsRegistrar.class.getName() + ".marker";

	private Environment environment;

	private ResourceLoader resourceLoader;

	/**
	 * Create a registrar; Spring calls it for each {@code @ImportWasmPlugins}.
	 */
	public ImportedWasmPluginsRegistrar() {
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ImportWasmPlugins.class.getName(), true);
		if (attributes == null) {
			return;
		}
		if (!registry.containsBeanDefinition(MARKER)) {
			registry.registerBeanDefinition(MARKER, new RootBeanDefinition(Object.class));
		}
		for (String typeName : (String[]) attributes.get("types")) {
			WasmPluginBean.register(registry,
					ClassUtils.resolveClassName(typeName, this.resourceLoader.getClassLoader()));
		}
		List<String> packages = new ArrayList<>(List.of((String[]) attributes.get("basePackages")));
		for (String className : (String[]) attributes.get("basePackageClasses")) {
			packages.add(ClassUtils.getPackageName(className));
		}
		for (Class<?> type : new WasmPluginScanner(this.environment, this.resourceLoader).scan(packages)) {
			WasmPluginBean.register(registry, type);
		}
	}

}
