package dev.wasmspring.autoconfigure;

import java.util.Collection;

import dev.wasmspring.runtime.WasmHostFunction;

/**
 * Contributes host functions to the runtime when the configured modules are loaded, after every singleton
 * exists. The auto-configuration contributes {@code @WasmImport} methods and {@link WasmHostFunction} beans.
 * Asked once, on the thread that refreshes the application context; the functions it returns are then called
 * from every thread and must be thread-safe.
 */
@FunctionalInterface
public interface WasmHostFunctionSource {

	/**
	 * Return the host functions to link.
	 * @return the host functions
	 */
	Collection<? extends WasmHostFunction> hostFunctions();

}
