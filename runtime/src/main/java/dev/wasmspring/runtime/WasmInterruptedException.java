package dev.wasmspring.runtime;

/**
 * Thrown when the calling thread is interrupted during a call (not by the module's timeout). The thread's
 * interrupt status stays set and the instance is discarded.
 */
public class WasmInterruptedException extends WasmCallException {

	public WasmInterruptedException(String moduleName, String exportName) {
		super(moduleName, exportName, "Call to WASM module '" + moduleName + "' export '" + exportName
				+ "' was abandoned because the calling thread was interrupted.", null);
	}

}
