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

import java.time.Duration;

/**
 * Thrown when a call runs longer than its module's timeout. The call was stopped on the
 * calling thread at the deadline; the instance is discarded, the calling thread's
 * interrupt status is as it was before the call, and a new instance works normally.
 */
public class WasmTimeoutException extends WasmCallException {

	private final Duration timeout;

	public WasmTimeoutException(String moduleName, String exportName, Duration timeout) {
		this(moduleName, exportName, timeout, WasmSettingNames.RUNTIME.timeout(moduleName));
	}

	/**
	 * Create an exception whose message names the timeout setting as the user knows it.
	 * @param moduleName the module
	 * @param exportName the export that was called
	 * @param timeout the timeout that was exceeded
	 * @param timeoutSetting the name of the setting that raises it
	 */
	public WasmTimeoutException(String moduleName, String exportName, Duration timeout, String timeoutSetting) {
		super(Reason.TIMED_OUT, moduleName, exportName,
				"WASM module '" + moduleName + "' export '" + exportName + "' did not finish within its timeout of "
						+ format(timeout) + " and was stopped. If the work is legitimate, raise " + timeoutSetting
						+ "; otherwise fix the plugin (it may loop forever).",
				null);
		this.timeout = timeout;
	}

	private static String format(Duration timeout) {
		return (timeout.toMillis() > 0) ? timeout.toMillis() + "ms" : (timeout.toNanos() / 1000) + "µs";
	}

	/**
	 * Return the timeout that was exceeded.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

}
