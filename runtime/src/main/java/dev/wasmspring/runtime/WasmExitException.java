package dev.wasmspring.runtime;

/**
 * Thrown when a WASI guest exits with a non-zero status during a call. An exit with status 0 ends the call
 * normally.
 */
public class WasmExitException extends WasmCallException {

	private final int exitCode;

	public WasmExitException(String moduleName, String exportName, int exitCode) {
		super(moduleName, exportName, "WASM module '" + moduleName + "' exited with status " + exitCode
				+ " during '" + exportName + "'. Check the module's stderr log for the reason.", null);
		this.exitCode = exitCode;
	}

	/**
	 * Return the exit status the guest passed to {@code proc_exit}.
	 * @return the exit code
	 */
	public int getExitCode() {
		return this.exitCode;
	}

}
