package dev.wasmspring.host;

import org.jspecify.annotations.Nullable;

import dev.wasmspring.runtime.WasmException;

/**
 * Thrown at startup when a {@link WasmImport @WasmImport} method cannot be bound as a host function, for
 * example because a parameter has a type that has no WebAssembly mapping. The message names the method, the
 * parameter and the supported types.
 */
public class WasmImportBindingException extends WasmException {

	private final String method;

	public WasmImportBindingException(String method, String message, @Nullable Throwable cause) {
		super(null, message, cause);
		this.method = method;
	}

	/**
	 * Return the method that could not be bound, as {@code Type#name(ParameterTypes)} and, for a bean, its
	 * name.
	 * @return the method
	 */
	public String getMethod() {
		return this.method;
	}

}
