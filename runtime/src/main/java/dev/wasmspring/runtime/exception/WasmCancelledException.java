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

import dev.wasmspring.runtime.function.WasmCancelHandle;

/**
 * Thrown by a call that another thread stopped through the instance's
 * {@link WasmCancelHandle}. The call was stopped on its own thread as a timeout stops it
 * (host functions included); the instance is discarded, the calling thread's interrupt
 * status is as it was before the call, and a new instance works normally.
 */
public class WasmCancelledException extends WasmCallException {

	/**
	 * Create an exception.
	 * @param moduleName the module
	 * @param exportName the export that was called
	 */
	public WasmCancelledException(String moduleName, String exportName) {
		super(Reason.CANCELLED, moduleName, exportName,
				"Call to WASM module '" + moduleName + "' export '" + exportName
						+ "' was cancelled through the instance's cancel handle (WasmCancelHandle.cancel) and stopped; "
						+ "the instance was discarded. Acquire a new instance to call the module again.",
				null);
	}

}
