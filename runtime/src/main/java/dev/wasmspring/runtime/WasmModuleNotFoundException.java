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

}
