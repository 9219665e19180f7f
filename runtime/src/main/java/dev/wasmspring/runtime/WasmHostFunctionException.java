package dev.wasmspring.runtime;

/**
 * Thrown when a host function called by the guest fails. The cause is the host function's exception; the
 * call into the guest is abandoned and the instance discarded.
 */
public class WasmHostFunctionException extends WasmCallException {

	private final String importName;

	public WasmHostFunctionException(String moduleName, String exportName, String importName, Throwable cause) {
		super(moduleName, exportName, "Host function '" + importName + "' failed while WASM module '" + moduleName
				+ "' was running export '" + exportName + "': " + cause + ". See the cause for the host-side error.",
				cause);
		this.importName = importName;
	}

	/**
	 * Return the import whose host function failed, as {@code module.name}.
	 * @return the import
	 */
	public String getImportName() {
		return this.importName;
	}

}
