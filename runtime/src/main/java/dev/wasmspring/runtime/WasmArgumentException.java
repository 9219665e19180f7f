package dev.wasmspring.runtime;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a call names an export that does not exist or passes arguments that do not fit its signature.
 */
public class WasmArgumentException extends WasmCallException {

	public WasmArgumentException(String moduleName, @Nullable String exportName, String message) {
		super(moduleName, exportName, message, null);
	}

}
