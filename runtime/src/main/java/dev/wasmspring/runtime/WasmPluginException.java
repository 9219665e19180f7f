package dev.wasmspring.runtime;

import org.jspecify.annotations.Nullable;

/**
 * A plugin reported that a call failed, in its own words: an Extism plugin set an error with {@code error_set}
 * or returned a non-zero code. Unlike a trap, the plugin ended the call itself, so the instance stays usable
 * (its vars are kept) and the next call on it works.
 */
public class WasmPluginException extends WasmCallException {

	private final @Nullable String pluginMessage;

	private final int returnCode;

	public WasmPluginException(String moduleName, String exportName, @Nullable String pluginMessage, int returnCode) {
		super(Reason.PLUGIN_ERROR, moduleName, exportName, "Plugin '" + moduleName + "' failed in '" + exportName + "': "
				+ ((pluginMessage != null) ? pluginMessage
						: "it returned " + returnCode + " without an error message"),
				null);
		this.pluginMessage = pluginMessage;
		this.returnCode = returnCode;
	}

	/**
	 * Return the message the plugin set, if any.
	 * @return the plugin's message, or {@code null} if it only returned a non-zero code
	 */
	public @Nullable String getPluginMessage() {
		return this.pluginMessage;
	}

	/**
	 * Return the code the plugin's export returned.
	 * @return the code
	 */
	public int getReturnCode() {
		return this.returnCode;
	}

}
