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

import dev.wasmspring.runtime.internal.engine.EngineTypes;
import org.jspecify.annotations.Nullable;

/**
 * Root of every exception the runtime throws. Each one names the module it concerns and
 * says what to do. Exceptions of the underlying engine never reach callers, not even as a
 * cause: where one was the cause, the message describes it and the stack trace is the
 * engine's, which shows where in the guest it happened.
 */
public abstract class WasmException extends RuntimeException {

	private final @Nullable String moduleName;

	protected WasmException(@Nullable String moduleName, String message, @Nullable Throwable cause) {
		super(message, EngineTypes.reachesEngine(cause) ? null : cause);
		this.moduleName = moduleName;
		if (cause != null && getCause() == null) {
			setStackTrace(cause.getStackTrace());
		}
	}

	/**
	 * Create an exception prepared ahead of a failure and shared by every failure of its
	 * kind: it has no stack trace and no suppressed exceptions, so that throwing it
	 * allocates nothing.
	 * @param moduleName the module
	 * @param message what happened and what to do
	 * @param prepared marks this constructor
	 */
	WasmException(@Nullable String moduleName, String message, boolean prepared) {
		super(message, null, false, false);
		this.moduleName = moduleName;
	}

	/**
	 * Return the name of the module concerned, or {@code null} for bytes compiled without
	 * a name.
	 * @return the module name
	 */
	public @Nullable String getModuleName() {
		return this.moduleName;
	}

}
