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
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.plugin.WasmPluginDefinitionException;
import dev.wasmspring.plugin.WasmPluginFactory;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmModuleNotFoundException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Makes plugin interfaces' implementations as JDK proxies. Each method is mapped when the
 * plugin is made; it is checked against the module's exports then, or, for plugins made
 * before the modules are loaded at startup, right after they are, so that a plugin bean
 * that does not fit its module fails the startup. Thread-safe.
 */
final class DefaultWasmPluginFactory implements WasmPluginFactory, SmartInitializingSingleton {

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent(ReactivePluginCalls.MONO,
			DefaultWasmPluginFactory.class.getClassLoader());

	private final PluginInstances instances;

	private final @Nullable PluginJson json;

	private final List<Plugin> unverified = new ArrayList<>();

	private boolean modulesLoaded;

	DefaultWasmPluginFactory(PluginInstances instances, @Nullable PluginJson json) {
		this.instances = instances;
		this.json = json;
	}

	@Override
	public <T> T create(Class<T> type) {
		return create(type, annotation(type).value());
	}

	@Override
	public <T> T create(Class<T> type, String moduleName) {
		WasmPlugin annotation = annotation(type);
		Map<Method, PluginMethod> methods = new LinkedHashMap<>();
		for (Method method : type.getMethods()) {
			if (!method.isDefault() && !Modifier.isStatic(method.getModifiers())
					&& method.getDeclaringClass() != Object.class) {
				methods.put(method,
						PluginMethod.map(type, method, moduleName, annotation.instances(), this.json, REACTOR_PRESENT));
			}
		}
		Plugin plugin = new Plugin(type, moduleName, List.copyOf(methods.values()));
		synchronized (this.unverified) {
			if (this.modulesLoaded) {
				plugin.verify(this.instances.runtime());
			}
			else {
				this.unverified.add(plugin);
			}
		}
		Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
				new PluginInvocationHandler(type, moduleName, methods, defaultMethods(type, moduleName),
						this.instances));
		return type.cast(proxy);
	}

	@Override
	public void afterSingletonsInstantiated() {
		synchronized (this.unverified) {
			this.modulesLoaded = true;
			for (Plugin plugin : this.unverified) {
				plugin.verify(this.instances.runtime());
			}
			this.unverified.clear();
		}
	}

	private static Map<Method, MethodHandle> defaultMethods(Class<?> type, String moduleName) {
		try {
			return PluginInvocationHandler.defaultMethods(type);
		}
		catch (IllegalAccessException | RuntimeException ex) {
			throw new WasmPluginDefinitionException(type, null, moduleName, null,
					"The default methods of plugin " + "interface " + type.getName()
							+ " cannot be called by the starter: " + ex.getMessage()
							+ ". Open the interface's package to the starter (opens ... in module-info.java), or make "
							+ "the interface public.");
		}
	}

	private static WasmPlugin annotation(Class<?> type) {
		WasmPlugin annotation = AnnotatedElementUtils.findMergedAnnotation(type, WasmPlugin.class);
		if (!type.isInterface() || annotation == null) {
			throw new IllegalArgumentException(
					type.getName() + " is not a WASM plugin: annotate an interface " + "with @WasmPlugin(\"module\").");
		}
		return annotation;
	}

	/** A plugin made, with its methods, to be checked against its module. */
	private record Plugin(Class<?> type, String moduleName, List<PluginMethod> methods) {

		void verify(WasmRuntime runtime) {
			if (!runtime.hasModule(this.moduleName)) {
				// not defined yet: a WasmModuleResolver may know it, and the plugin is
				// made for a call about to load it anyway, so it is loaded and checked
				// now
				try (CompiledModule module = runtime.module(this.moduleName)) {
					verify(runtime, module);
					return;
				}
				catch (WasmModuleNotFoundException ex) {
					throw new WasmPluginDefinitionException(this.type, null, this.moduleName, null,
							"Plugin interface " + this.type.getName() + " is bound to WASM module '" + this.moduleName
									+ "', which is not loaded. Configure it under wasm.modules." + this.moduleName
									+ " (loaded modules: " + runtime.moduleNames() + "), or correct @WasmPlugin.");
				}
			}
			if (!runtime.isLoaded(this.moduleName)) {
				// loaded on its first use (lazy): verifying it here would load it now; a
				// method its module lacks fails its call, naming the export
				return;
			}
			try (CompiledModule module = runtime.module(this.moduleName)) {
				verify(runtime, module);
			}
		}

		private void verify(WasmRuntime runtime, CompiledModule module) {
			boolean extism = runtime.isExtismPlugin(this.moduleName);
			for (PluginMethod method : this.methods) {
				method.verify(module.exports(), extism);
			}
		}

	}

}
