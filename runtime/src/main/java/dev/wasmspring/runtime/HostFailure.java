package dev.wasmspring.runtime;

/**
 * Carries a host function's failure through the engine to the call that made it, where it becomes a
 * {@link WasmHostFunctionException} naming the export as well.
 */
final class HostFailure extends RuntimeException {

	final String importName;

	HostFailure(String importName, Throwable cause) {
		super(importName, cause, false, false);
		this.importName = importName;
	}

}
