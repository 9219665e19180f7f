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
 * Thrown when the guest traps: WebAssembly stopped the call because the guest did
 * something the specification forbids. The instance that trapped is discarded.
 */
public class WasmTrapException extends WasmCallException {

	/**
	 * The kind of trap.
	 */
	public enum Kind {

		/**
		 * The guest executed {@code unreachable} (C's {@code abort()} and failed
		 * assertions end here).
		 */
		UNREACHABLE,

		/** Integer division or remainder by zero. */
		INTEGER_DIVIDE_BY_ZERO,

		/**
		 * Integer overflow, for example {@code INT_MIN / -1} or a float-to-int conversion
		 * out of range.
		 */
		INTEGER_OVERFLOW,

		/** A memory access outside the instance's memory. */
		OUT_OF_BOUNDS_MEMORY_ACCESS,

		/** A table access outside the table, or a call through a null table slot. */
		OUT_OF_BOUNDS_TABLE_ACCESS,

		/** The call stack was exhausted, usually by unbounded recursion. */
		CALL_STACK_EXHAUSTED,

		/** {@code call_indirect} found a function of another type in the table. */
		INDIRECT_CALL_TYPE_MISMATCH,

		/** A WebAssembly exception was thrown and nothing in the guest caught it. */
		UNCAUGHT_EXCEPTION,

		/**
		 * The JVM ran out of memory while the guest ran, for example while growing its
		 * memory. The guest's memory is released with the discarded instance.
		 */
		RESOURCE_EXHAUSTED,

		/**
		 * The call used up its fuel budget: it executed more WebAssembly instructions
		 * than the module's budget allows. Deterministic: the same call with the same
		 * input runs out at the same point on every machine and under any load.
		 */
		FUEL_EXHAUSTED,

		/** Another trap. */
		OTHER

	}

	private final Kind kind;

	public WasmTrapException(@Nullable String moduleName, @Nullable String exportName, Kind kind, String detail,
			@Nullable Throwable cause) {
		super(Reason.TRAPPED, moduleName, exportName,
				"WASM module '" + moduleName + "' trapped in export '" + exportName + "' (" + kind + "): " + detail
						+ ". The call was abandoned and the instance discarded; fix the plugin or its input.",
				cause);
		this.kind = kind;
	}

	private WasmTrapException(String moduleName, Kind kind, String message) {
		super(Reason.TRAPPED, moduleName, message, true);
		this.kind = kind;
	}

	/**
	 * The failure a module's calls end with when even reporting a failure finds no
	 * memory: made when the module is loaded, shared by every such failure, without a
	 * stack trace.
	 */
	static WasmTrapException outOfMemory(String moduleName, String budgetSetting) {
		return new WasmTrapException(moduleName, Kind.RESOURCE_EXHAUSTED, "WASM module '" + moduleName
				+ "' ran out of memory (RESOURCE_EXHAUSTED): the JVM's heap, or " + budgetSetting + ", was used up "
				+ "while the call ran or while its failure was reported. The call was abandoned and the instance "
				+ "discarded and released; retry later, lower the module's max-memory, or give the JVM more heap.");
	}

	private WasmTrapException(WasmTrapException trap, String note) {
		super(Reason.TRAPPED, trap.getModuleName(), trap.getExportName(), trap.getMessage() + note, trap.getCause());
		this.kind = trap.kind;
		setStackTrace(trap.getStackTrace());
	}

	/** The same trap, its message followed by a note on what may have led to it. */
	WasmTrapException withNote(String note) {
		return new WasmTrapException(this, note);
	}

	/**
	 * Return the kind of trap.
	 * @return the kind
	 */
	public Kind getKind() {
		return this.kind;
	}

}
