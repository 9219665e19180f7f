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

package dev.wasmspring.runtime.extism;

import java.util.Objects;

import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmPluginException;
import dev.wasmspring.runtime.function.WasmHostFunction;

/**
 * Thrown by a host function an Extism plugin calls (a {@code @WasmImport} method in
 * {@code extism:host/user}, or any {@link WasmHostFunction}) to fail the plugin's call
 * with an Extism error message, as a host function of Extism's own SDKs does by returning
 * an error. The plugin's call ends there and its caller gets a
 * {@link WasmPluginException} whose {@link WasmPluginException#getPluginMessage() plugin
 * message} is this exception's message; the instance, interrupted in the middle of the
 * plugin's code, is discarded. Any other exception a host function throws fails the call
 * as a host function failure ({@link WasmCallException.Reason#HOST_FUNCTION_FAILED}).
 */
public class ExtismHostFunctionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the failure.
	 * @param message the Extism error message the plugin's caller gets
	 */
	public ExtismHostFunctionException(String message) {
		super(Objects.requireNonNull(message, "message"));
	}

	/**
	 * Create the failure with its cause, which is kept for logs and never shown to the
	 * caller as the message.
	 * @param message the Extism error message the plugin's caller gets
	 * @param cause what made the host function fail
	 */
	public ExtismHostFunctionException(String message, Throwable cause) {
		super(Objects.requireNonNull(message, "message"), cause);
	}

}
