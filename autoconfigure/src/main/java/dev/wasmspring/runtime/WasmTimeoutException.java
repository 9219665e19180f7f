package dev.wasmspring.runtime;

import java.time.Duration;

/**
 * Thrown when a call runs longer than its module's timeout. The instance is discarded; the calling thread's
 * interrupt status is as it was before the call.
 */
public class WasmTimeoutException extends WasmCallException {

	private final Duration timeout;

	public WasmTimeoutException(String moduleName, String exportName, Duration timeout) {
		super(moduleName, exportName, "WASM module '" + moduleName + "' export '" + exportName
				+ "' did not finish within its timeout of " + timeout.toMillis()
				+ "ms and was stopped. If the work is legitimate, raise wasm.modules." + moduleName
				+ ".timeout; otherwise fix the plugin (it may loop forever).", null);
		this.timeout = timeout;
	}

	/**
	 * Return the timeout that was exceeded.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

}
