package dev.wasmspring.runtime;

import java.util.Collection;

/**
 * Thrown when an instance is requested for a module name that the runtime does not know.
 */
public class WasmModuleNotFoundException extends WasmException {

	public WasmModuleNotFoundException(String moduleName, Collection<String> known, String definitionSetting) {
		super(moduleName, "No WASM module named '" + moduleName + "' is defined (defined: " + known + "). Add "
				+ definitionSetting + ".", null);
	}

	/**
	 * Create an exception with a message of its own, for example for a module that is expected but not
	 * defined yet.
	 * @param moduleName the module
	 * @param message the message
	 */
	public WasmModuleNotFoundException(String moduleName, String message) {
		super(moduleName, message, null);
	}

}
