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

import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragments;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragmentsDecorator;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.javapoet.ClassName;

/**
 * Writes the bean definition of each {@code @WasmPlugin} interface in the interface's own
 * package, where the generated code may name it whatever its visibility (by default it
 * would go to {@link WasmPluginBean}'s package, which cannot see a package-private
 * interface), and registers the JDK proxy that a native image must know of. Used by
 * Spring AOT at build time only; stateless.
 */
final class WasmPluginBeanAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		if (!(registeredBean.getMergedBeanDefinition()
			.getAttribute(WasmPluginBean.INTERFACE_ATTRIBUTE) instanceof Class<?> pluginInterface)) {
			return null;
		}
		return new PluginBeanContribution(pluginInterface);
	}

	private record PluginBeanContribution(Class<?> pluginInterface) implements BeanRegistrationAotContribution {

		@Override
		public BeanRegistrationCodeFragments customizeBeanRegistrationCodeFragments(GenerationContext generationContext,
				BeanRegistrationCodeFragments codeFragments) {
			return new InInterfacesPackage(codeFragments, this.pluginInterface);
		}

		@Override
		public void applyTo(GenerationContext generationContext, BeanRegistrationCode beanRegistrationCode) {
			generationContext.getRuntimeHints().proxies().registerJdkProxy(this.pluginInterface);
		}

	}

	private static final class InInterfacesPackage extends BeanRegistrationCodeFragmentsDecorator {

		private final Class<?> pluginInterface;

		InInterfacesPackage(BeanRegistrationCodeFragments delegate, Class<?> pluginInterface) {
			super(delegate);
			this.pluginInterface = pluginInterface;
		}

		@Override
		public ClassName getTarget(RegisteredBean registeredBean) {
			return ClassName.get(this.pluginInterface);
		}

	}

}
