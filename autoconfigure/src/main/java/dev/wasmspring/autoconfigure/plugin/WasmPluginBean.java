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

import java.lang.reflect.Proxy;

import dev.wasmspring.plugin.WasmPluginFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * The bean of a {@code @WasmPlugin} interface: its definition, and the factory method
 * that makes its proxy with the context's {@link WasmPluginFactory} when first needed.
 * Public only because the code Spring AOT generates for a plugin bean lives in the
 * interface's own package (so that interfaces need not be public) and calls
 * {@link #createPlugin}; applications have no use for it. Stateless.
 */
public final class WasmPluginBean {

	/** Attribute of a plugin bean's definition holding its interface. */
	static final String INTERFACE_ATTRIBUTE = WasmPluginBean.class.getName() + ".interface";

	private WasmPluginBean() {
	}

	/**
	 * Register a plugin interface as a bean named after it, unless it is registered
	 * already.
	 * @param registry the registry, which must also be the bean factory
	 * @param type the interface
	 */
	static void register(BeanDefinitionRegistry registry, Class<?> type) {
		String beanName = type.getName();
		if (registry.containsBeanDefinition(beanName)) {
			return;
		}
		// a static factory method with plain arguments, not an instance supplier: Spring
		// AOT can write it as code
		RootBeanDefinition definition = new RootBeanDefinition(WasmPluginBean.class);
		definition.setTargetType(type);
		definition.setFactoryMethodName("createPlugin");
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
		definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
		definition.setAttribute(INTERFACE_ATTRIBUTE, type);
		registry.registerBeanDefinition(beanName, definition);
	}

	/**
	 * Create the proxy of a plugin interface for its bean.
	 * @param type the interface
	 * @param factory the factory of plugin proxies, absent in a context without the
	 * runtime
	 * @return the proxy
	 */
	public static Object createPlugin(Class<?> type, ObjectProvider<WasmPluginFactory> factory) {
		WasmPluginFactory available = factory.getIfAvailable();
		return (available != null) ? available.create(type) : unavailable(type);
	}

	/**
	 * A stand-in for a plugin in a context without the runtime, such as a
	 * {@code @WebMvcTest} slice: the context starts, and only a call fails, saying what
	 * to do.
	 */
	private static Object unavailable(Class<?> type) {
		String message = "WASM plugin " + type.getName() + " was called, but this application context does not "
				+ "configure the WebAssembly runtime. In a test slice such as @WebMvcTest, add @AutoConfigureWasm "
				+ "(wasm-spring-boot-test) or replace the plugin with @MockitoBean.";
		return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
			return switch (method.getName()) {
				case "equals" -> args != null && args.length == 1 && proxy == args[0];
				case "hashCode" -> (method.getParameterCount() == 0) ? System.identityHashCode(proxy) : fail(message);
				case "toString" ->
					(method.getParameterCount() == 0) ? "unavailable WASM plugin " + type.getName() : fail(message);
				default -> fail(message);
			};
		});
	}

	private static Object fail(String message) {
		throw new IllegalStateException(message);
	}

}
