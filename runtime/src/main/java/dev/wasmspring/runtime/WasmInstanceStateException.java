package dev.wasmspring.runtime;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when an instance is used in a way its life cycle does not allow: from a second thread while a call
 * is running, after it was closed, or after a failure discarded it. Nothing about the instance changes: its
 * owner can go on using it (unless it was closed or discarded).
 */
public class WasmInstanceStateException extends WasmCallException {

	public WasmInstanceStateException(String moduleName, @Nullable String exportName, String message) {
		super(moduleName, exportName, message, null);
	}

}
