package dev.wasmspring.plugin;

/**
 * Makes implementations of {@link WasmPlugin @WasmPlugin} interfaces. The auto-configuration provides one as a
 * bean; it is what the registered plugin beans are made with, and an application uses it directly to bind an
 * interface to a module chosen at run time (one implementation per tenant, for example). Thread-safe; the
 * implementations it returns are too, and hold no resources of their own.
 */
public interface WasmPluginFactory {

	/**
	 * Return an implementation of a plugin interface that calls the module its {@code @WasmPlugin} names.
	 * @param <T> the interface
	 * @param type the interface
	 * @return the implementation
	 * @throws WasmPluginDefinitionException if a method cannot be mapped to an export of the module
	 */
	<T> T create(Class<T> type);

	/**
	 * Return an implementation of a plugin interface that calls another module of the same shape.
	 * @param <T> the interface
	 * @param type the interface
	 * @param moduleName the module, as configured under {@code wasm.modules}
	 * @return the implementation
	 * @throws WasmPluginDefinitionException if a method cannot be mapped to an export of the module
	 */
	<T> T create(Class<T> type, String moduleName);

}
