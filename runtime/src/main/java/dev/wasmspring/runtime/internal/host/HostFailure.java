package dev.wasmspring.runtime.internal.host;

import dev.wasmspring.runtime.WasmCallException;

/**
 * Carries a host function's failure through the engine to the call that made it, where it becomes a
 * {@link WasmCallException} (HOST_FUNCTION_FAILED) naming the export as well.
 */
public final class HostFailure extends RuntimeException {

	public final String importName;

	public HostFailure(String importName, Throwable cause) {
		super(importName, cause, false, false);
		this.importName = importName;
	}

}
