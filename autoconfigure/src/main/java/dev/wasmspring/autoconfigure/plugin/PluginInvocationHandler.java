package dev.wasmspring.autoconfigure.plugin;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Answers the calls of a plugin interface's proxy: each mapped method calls its export, a default method runs
 * its own body, and {@code equals}, {@code hashCode} and {@code toString} behave as for any object.
 * Thread-safe.
 */
final class PluginInvocationHandler implements InvocationHandler {

	private static final Object[] NO_ARGS = new Object[0];

	private final Class<?> pluginInterface;

	private final String moduleName;

	private final Map<Method, PluginMethod> methods;

	private final PluginInstances instances;

	PluginInvocationHandler(Class<?> pluginInterface, String moduleName, Map<Method, PluginMethod> methods,
			PluginInstances instances) {
		this.pluginInterface = pluginInterface;
		this.moduleName = moduleName;
		this.methods = Map.copyOf(methods);
		this.instances = instances;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
		PluginMethod pluginMethod = this.methods.get(method);
		if (pluginMethod != null) {
			return pluginMethod.invoke(this.instances, (args != null) ? args : NO_ARGS);
		}
		if (method.isDefault()) {
			return InvocationHandler.invokeDefault(proxy, method, args);
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
