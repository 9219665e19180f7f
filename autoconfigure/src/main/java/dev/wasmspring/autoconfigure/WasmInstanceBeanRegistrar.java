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

import dev.wasmspring.runtime.WasmInstance;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Registers, for every module under {@code wasm.modules}, a prototype
 * {@link WasmInstance} bean qualified with the module's name, made by
 * {@link WasmInstances#create(String)}.
 */
final class WasmInstanceBeanRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	static final String INSTANCE_BEAN_PREFIX = "wasmInstance.";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		Map<String, Object> modules = Binder.get(this.environment)
			.bind("wasm.modules", Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		for (String moduleName : modules.keySet()) {
			registerModule(registry, moduleName);
		}
	}

	private void registerModule(BeanDefinitionRegistry registry, String moduleName) {
		String instanceBean = INSTANCE_BEAN_PREFIX + moduleName;
		if (registry.containsBeanDefinition(instanceBean)) {
			return;
		}
		// a static factory method with plain arguments: no instance supplier, so
		// ahead-of-time processing works
		RootBeanDefinition instance = new RootBeanDefinition(WasmInstanceBeanRegistrar.class);
		instance.setTargetType(WasmInstance.class);
		instance.setFactoryMethodName("createInstance");
		ConstructorArgumentValues arguments = new ConstructorArgumentValues();
		arguments.addIndexedArgumentValue(0, new RuntimeBeanReference(WasmInstances.class));
		arguments.addIndexedArgumentValue(1, moduleName);
		instance.setConstructorArgumentValues(arguments);
		instance.setScope(BeanDefinition.SCOPE_PROTOTYPE);
		instance.setLazyInit(true);
		qualify(instance, moduleName);
		registry.registerBeanDefinition(instanceBean, instance);
	}

	/**
	 * Create an instance of a module for its prototype bean.
	 * @param instances the entry point to instances
	 * @param moduleName the module
	 * @return a new instance, closed by whoever asked for the bean
	 */
	public static WasmInstance createInstance(WasmInstances instances, String moduleName) {
		return instances.create(moduleName);
	}

	private static void qualify(RootBeanDefinition definition, String moduleName) {
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, moduleName));
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

}
