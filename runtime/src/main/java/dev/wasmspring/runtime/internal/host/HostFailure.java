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

package dev.wasmspring.runtime.internal.host;

import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmCallException.Reason;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.function.WasmCallContext;

/**
 * Carries a host function's failure through the engine to the call that made it, where it
 * becomes a {@link WasmCallException} (HOST_FUNCTION_FAILED) naming the export as well.
 */
public final class HostFailure extends RuntimeException {

	public final String importName;

	public HostFailure(String importName, Throwable cause) {
		super(importName, cause, false, false);
		this.importName = importName;
	}

	/**
	 * Decide how one of the runtime's own exceptions thrown by a host function reaches
	 * the calling instance. One that concerns the calling module's own call (a nested
	 * timeout, say) passes as it is; one that names another module, or misuse of another
	 * instance or export (for example a nested call given wrong arguments), is the host
	 * function's failure and is carried as such, naming the caller.
	 * @param importName the import whose host function threw
	 * @param context the calling instance's context
	 * @param thrown what the host function threw
	 * @return the exception to throw into the engine
	 */
	public static RuntimeException of(String importName, WasmCallContext context, WasmException thrown) {
		boolean misuse = thrown instanceof WasmCallException call
				&& (call.getReason() == Reason.ILLEGAL_ARGUMENT || call.getReason() == Reason.INSTANCE_UNUSABLE);
		boolean callersOwn = context.moduleName().equals(thrown.getModuleName()) && !misuse;
		return callersOwn ? thrown : new HostFailure(importName, thrown);
	}

}
