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

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Answers the calls of a plugin interface's proxy: each mapped method calls its export, a
 * default method runs its own body, and {@code equals}, {@code hashCode} and
 * {@code toString} behave as for any object. Thread-safe.
 */
final class PluginInvocationHandler implements InvocationHandler {

	private static final Object[] NO_ARGS = new Object[0];

	private final Class<?> pluginInterface;

	private final String moduleName;

	private final Map<Method, PluginMethod> methods;

	private final Map<Method, MethodHandle> defaultMethods;

	private final PluginInstances instances;

	PluginInvocationHandler(Class<?> pluginInterface, String moduleName, Map<Method, PluginMethod> methods,
			Map<Method, MethodHandle> defaultMethods, PluginInstances instances) {
		this.pluginInterface = pluginInterface;
		this.moduleName = moduleName;
		this.methods = Map.copyOf(methods);
		this.defaultMethods = Map.copyOf(defaultMethods);
		this.instances = instances;
	}

	/**
	 * Find the default methods of a plugin interface as method handles that run their
	 * bodies on a proxy. Unlike {@link InvocationHandler#invokeDefault}, which only a
	 * class that can access the interface may use, the handles work for interfaces of any
	 * visibility, in any package.
	 * @param pluginInterface the interface
	 * @return each default method's handle, taking the proxy and then the method's
	 * arguments as an array
	 * @throws IllegalAccessException if the interface's package is not open to the
	 * starter (an interface in a named module that does not open it)
	 */
	static Map<Method, MethodHandle> defaultMethods(Class<?> pluginInterface) throws IllegalAccessException {
		Map<Method, MethodHandle> handles = new LinkedHashMap<>();
		for (Method method : pluginInterface.getMethods()) {
			if (method.isDefault()) {
				Class<?> declaring = method.getDeclaringClass();
				MethodHandle handle = MethodHandles.privateLookupIn(declaring, MethodHandles.lookup())
					.unreflectSpecial(method, declaring);
				handles.put(method, handle.asSpreader(Object[].class, method.getParameterCount())
					.asType(MethodType.methodType(Object.class, Object.class, Object[].class)));
			}
		}
		return handles;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
		PluginMethod pluginMethod = this.methods.get(method);
		if (pluginMethod != null) {
			return pluginMethod.invoke(this.instances, (args != null) ? args : NO_ARGS);
		}
		MethodHandle defaultMethod = this.defaultMethods.get(method);
		if (defaultMethod != null) {
			Object[] arguments = (args != null) ? args : NO_ARGS;
			return defaultMethod.invokeExact(proxy, arguments);
		}
		return switch (method.getName()) {
			case "equals" -> args != null && proxy == args[0];
			case "hashCode" -> System.identityHashCode(proxy);
			case "toString" -> toString();
			default -> throw new IllegalStateException("Unexpected method " + method + " on " + this);
		};
	}

	@Override
	public String toString() {
		return "WASM plugin " + this.pluginInterface.getName() + " of module '" + this.moduleName + "'";
	}

}
