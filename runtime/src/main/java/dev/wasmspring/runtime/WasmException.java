package dev.wasmspring.runtime;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception the runtime throws. Each one names the module it concerns and says what to do;
 * exceptions of the underlying engine never reach callers unwrapped.
 */
public abstract class WasmException extends RuntimeException {

	private final @Nullable String moduleName;

	protected WasmException(@Nullable String moduleName, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.moduleName = moduleName;
	}

	/**
	 * Return the name of the module concerned, or {@code null} for bytes compiled without a name.
	 * @return the module name
	 */
	public @Nullable String getModuleName() {
		return this.moduleName;
	}

}
