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

import org.jspecify.annotations.Nullable;

/**
 * Ends one call into a guest. The failure concerns that call only: the runtime and every
 * other instance keep working, and the next call on a fresh instance works.
 * {@link #getReason()} says what happened; two reasons have types of their own that carry
 * more: {@link WasmTrapException} (the kind of trap) and {@link WasmTimeoutException}
 * (the deadline). Except for {@link Reason#ILLEGAL_ARGUMENT} and
 * {@link Reason#INSTANCE_UNUSABLE}, the instance that failed is discarded.
 * <p>
 * Like every exception of the runtime, its cause is never an engine type: a host
 * function's own exception is kept as the cause, the engine's are described in the
 * message.
 */
public class WasmCallException extends WasmException {

	/**
	 * Why a call failed.
	 */
	public enum Reason {

		/**
		 * The call was refused before the guest ran: no such export, wrong arguments or
		 * signature.
		 */
		ILLEGAL_ARGUMENT,

		/**
		 * The instance was closed, discarded by an earlier failure, or busy on another
		 * thread.
		 */
		INSTANCE_UNUSABLE,

		/** The calling thread was interrupted. */
		INTERRUPTED,

		/** A host function the guest called threw; the cause is what it threw. */
		HOST_FUNCTION_FAILED,

		/** A WASI guest exited with a non-zero status ({@link #getExitCode()}). */
		EXITED,

		/** The guest trapped ({@link WasmTrapException}). */
		TRAPPED,

		/** The call ran past its deadline ({@link WasmTimeoutException}). */
		TIMED_OUT,

		/**
		 * The call was stopped through the instance's cancel handle
		 * ({@link WasmCancelledException}).
		 */
		CANCELLED,

		/**
		 * The guest broke the calling convention, for example by answering outside its
		 * memory.
		 */
		GUEST_ERROR,

		/**
		 * The plugin ended the call reporting an error in its own words
		 * ({@link WasmPluginException}); the instance stays usable.
		 */
		PLUGIN_ERROR

	}

	private final Reason reason;

	private final @Nullable String exportName;

	private final @Nullable String importName;

	private final int exitCode;

	/**
	 * Create an exception.
	 * @param reason why the call failed
	 * @param moduleName the module
	 * @param exportName the export called, or {@code null} while instantiating
	 * @param message what happened and what to do
	 * @param cause the host-side cause, or {@code null}
	 */
	public WasmCallException(Reason reason, @Nullable String moduleName, @Nullable String exportName, String message,
			@Nullable Throwable cause) {
		this(reason, moduleName, exportName, null, 0, message, cause);
	}

	/**
	 * Create an exception for a guest that broke the calling convention.
	 * @param moduleName the module
	 * @param exportName the export called
	 * @param message what happened and what to do
	 * @param cause the cause, or {@code null}
	 */
	public WasmCallException(@Nullable String moduleName, @Nullable String exportName, String message,
			@Nullable Throwable cause) {
		this(Reason.GUEST_ERROR, moduleName, exportName, message, cause);
	}

	private WasmCallException(Reason reason, @Nullable String moduleName, @Nullable String exportName,
			@Nullable String importName, int exitCode, String message, @Nullable Throwable cause) {
		super(moduleName, message, cause);
		this.reason = reason;
		this.exportName = exportName;
		this.importName = importName;
		this.exitCode = exitCode;
	}

	/**
	 * A prepared, shared exception: see
	 * {@link WasmException#WasmException(String, String, boolean)}.
	 */
	WasmCallException(Reason reason, @Nullable String moduleName, String message, boolean prepared) {
		super(moduleName, message, prepared);
		this.reason = reason;
		this.exportName = null;
		this.importName = null;
		this.exitCode = 0;
	}

	/**
	 * A call refused before the guest ran.
	 * @param moduleName the module
	 * @param exportName the export
	 * @param message what was wrong and what to do
	 * @return the exception
	 */
	public static WasmCallException illegalArgument(String moduleName, @Nullable String exportName, String message) {
		return new WasmCallException(Reason.ILLEGAL_ARGUMENT, moduleName, exportName, message, null);
	}

	/**
	 * A call on an instance that cannot take it.
	 * @param moduleName the module
	 * @param exportName the export
	 * @param message why and what to do
	 * @return the exception
	 */
	public static WasmCallException unusable(String moduleName, @Nullable String exportName, String message) {
		return new WasmCallException(Reason.INSTANCE_UNUSABLE, moduleName, exportName, message, null);
	}

	/**
	 * A call abandoned because its thread was interrupted.
	 * @param moduleName the module
	 * @param exportName the export
	 * @return the exception
	 */
	public static WasmCallException interrupted(String moduleName, String exportName) {
		return new WasmCallException(Reason.INTERRUPTED, moduleName, exportName, "Call to WASM module '" + moduleName
				+ "' export '" + exportName + "' was abandoned because the calling thread was interrupted.", null);
	}

	/**
	 * A call ended by a host function's failure.
	 * @param moduleName the module
	 * @param exportName the export
	 * @param importName the host function, as {@code module.name}
	 * @param cause what the host function threw
	 * @return the exception
	 */
	public static WasmCallException hostFunctionFailed(String moduleName, String exportName, String importName,
			Throwable cause) {
		return new WasmCallException(Reason.HOST_FUNCTION_FAILED, moduleName, exportName, importName, 0,
				"Host function '" + importName + "' failed while WASM module '" + moduleName + "' was running export '"
						+ exportName + "': " + cause + ". See the cause for the host-side error.",
				cause);
	}

	/**
	 * A call ended by a WASI guest's non-zero exit.
	 * @param moduleName the module
	 * @param exportName the export
	 * @param exitCode the exit status
	 * @return the exception
	 */
	public static WasmCallException exited(String moduleName, String exportName, int exitCode) {
		return new WasmCallException(Reason.EXITED, moduleName, exportName, null, exitCode,
				"WASM module '" + moduleName + "' exited with status " + exitCode + " during '" + exportName
						+ "'. Check the module's stderr for the reason.",
				null);
	}

	/**
	 * Return why the call failed.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Return the export that was called, or {@code null} when the failure happened while
	 * instantiating.
	 * @return the export name
	 */
	public @Nullable String getExportName() {
		return this.exportName;
	}

	/**
	 * Return the host function that failed, as {@code module.name}, for
	 * {@link Reason#HOST_FUNCTION_FAILED}.
	 * @return the import name, or {@code null} for other reasons
	 */
	public @Nullable String getImportName() {
		return this.importName;
	}

	/**
	 * Return the guest's exit status, for {@link Reason#EXITED}.
	 * @return the exit status, 0 for other reasons
	 */
	public int getExitCode() {
		return this.exitCode;
	}

}
