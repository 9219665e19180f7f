package dev.wasmspring.runtime;

import org.jspecify.annotations.Nullable;

/**
 * Base of the exceptions that end one call into a guest. The failure concerns that call only: the runtime and
 * every other instance keep working, and the next call on a fresh instance works.
 */
public class WasmCallException extends WasmException {

	private final @Nullable String exportName;

	public WasmCallException(@Nullable String moduleName, @Nullable String exportName, String message,
			@Nullable Throwable cause) {
		super(moduleName, message, cause);
		this.exportName = exportName;
	}

	/**
	 * Return the export that was called, or {@code null} when the failure happened while instantiating.
	 * @return the export name
	 */
	public @Nullable String getExportName() {
		return this.exportName;
	}

}
