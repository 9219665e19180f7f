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

package dev.wasmspring.runtime.statistics;

import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Observes a runtime's work: module loads, instantiations, calls into exports, and
 * instances ending. The hook through which metrics and traces are taken without the
 * runtime depending on any metrics library; a runtime built without an observer uses
 * {@link #NONE} and does no observation work at all.
 * <p>
 * <b>Threads:</b> one observer serves the whole runtime and is called concurrently, on
 * the thread doing the work (a call's scope starts and ends on the caller's thread, so
 * thread-bound tracing context nests the call under the caller's span). Implementations
 * must be thread-safe, fast, and must not throw: an exception from an observer is
 * propagated to the caller. The runtime does not close its observer.
 */
public interface WasmRuntimeObserver {

	/** Observes nothing; its scopes cost nothing. */
	WasmRuntimeObserver NONE = new WasmRuntimeObserver() {
	};

	/**
	 * A module named {@code module} starts loading from {@code location} (reading,
	 * compiling or reusing its code, linking its imports).
	 * @param module the module's name
	 * @param location where its bytes are read from
	 * @return the scope ended when the load ends
	 */
	default Scope loadStarted(String module, String location) {
		return Scope.NONE;
	}

	/**
	 * An instance of a module starts being created (memory, initialisers, start function,
	 * {@code _initialize}).
	 * @param module the module's name
	 * @return the scope ended when the instance is ready or creating it failed
	 */
	default Scope instantiationStarted(String module) {
		return Scope.NONE;
	}

	/**
	 * A call into an export starts.
	 * @param module the module's name
	 * @param export the export's name
	 * @return the scope ended when the call returns or fails
	 */
	default Scope callStarted(String module, String export) {
		return Scope.NONE;
	}

	/**
	 * The work observed by one scope. Ended exactly once, on the thread that started it.
	 */
	@FunctionalInterface
	interface Scope {

		/** A scope that does nothing. */
		Scope NONE = (failure) -> {
		};

		/**
		 * End the scope.
		 * @param failure the failure that ended the work (a {@link WasmException} unless
		 * something unexpected happened), or {@code null} if it succeeded
		 */
		void end(@Nullable Throwable failure);

		/**
		 * Report the fuel a call consumed, before the call's scope ends: only for calls
		 * into modules with a fuel budget ({@link WasmModuleDefinition#withFuel(Long)}).
		 * @param fuel the fuel consumed, more than the budget if the call ran out
		 */
		default void fuelConsumed(long fuel) {
		}

	}

}
