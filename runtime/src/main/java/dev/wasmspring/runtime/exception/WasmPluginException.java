/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wasmspring.runtime.exception;

import dev.wasmspring.runtime.extism.ExtismHostFunctionException;
import org.jspecify.annotations.Nullable;

/**
 * A plugin reported that a call failed, in its own words: an Extism plugin set an error
 * with {@code error_set} or returned a non-zero code. Unlike a trap, the plugin ended the
 * call itself, so the instance stays usable (its vars are kept) and the next call on it
 * works.
 */
public class WasmPluginException extends WasmCallException {

	private final @Nullable String pluginMessage;

	private final int returnCode;

	public WasmPluginException(String moduleName, String exportName, @Nullable String pluginMessage, int returnCode) {
		this(moduleName, exportName, pluginMessage, returnCode, null);
	}

	/**
	 * Create the exception for an error that a host function the plugin called raised
	 * with an {@link ExtismHostFunctionException}, or that otherwise has a cause.
	 * @param moduleName the plugin
	 * @param exportName the export called
	 * @param pluginMessage the error message
	 * @param returnCode the code returned, 0 if the export did not return
	 * @param cause the cause, or {@code null}
	 */
	public WasmPluginException(String moduleName, String exportName, @Nullable String pluginMessage, int returnCode,
			@Nullable Throwable cause) {
		super(Reason.PLUGIN_ERROR, moduleName, exportName, "Plugin '" + moduleName + "' failed in '" + exportName
				+ "': "
				+ ((pluginMessage != null) ? pluginMessage : "it returned " + returnCode + " without an error message"),
				cause);
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
