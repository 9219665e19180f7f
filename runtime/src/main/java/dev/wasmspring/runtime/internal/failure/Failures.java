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

package dev.wasmspring.runtime.internal.failure;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.exception.WasmTrapException.Kind;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;
import dev.wasmspring.runtime.internal.limits.Causes;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import org.jspecify.annotations.Nullable;

/**
 * The one adapter for what the engine says: translates whatever it throws while parsing a
 * module or running a call into the runtime's own exception types, by exception type
 * (interrupts, WASI exits, uncaught WebAssembly exceptions, invalid and malformed
 * modules). Where the engine gives only text, this class alone reads it: a trap's kind
 * ({@link #kindOf(String)}) and the phrases the parser puts before a format error. Both
 * are checked by {@code FailuresTests} against the engine version they were written for.
 */
public final class Failures {

	/** What the engine's parser puts before the detail of a format error. */
	private static final String[] PARSER_PREFIXES = { "section size mismatch, ",
			"unexpected end of section or function, " };

	private Failures() {
	}

	/**
	 * Return whether a failure is a WASI guest's {@code exit(0)}, which ends a call
	 * normally.
	 * @param failure what the guest threw
	 * @return whether it is a clean exit
	 */
	public static boolean isCleanExit(Throwable failure) {
		return failure instanceof WasiExitException exit && exit.exitCode() == 0;
	}

	public static WasmException translate(String moduleName, String exportName, Throwable failure, boolean timedOut,
			long timeoutNanos) {
		return translate(moduleName, exportName, failure, timedOut, timeoutNanos,
				WasmSettingNames.RUNTIME.timeout(moduleName));
	}

	/**
	 * Translate what a call threw into the runtime's exception.
	 * @param moduleName the module
	 * @param exportName the export called
	 * @param failure what was thrown
	 * @param timedOut whether the call's deadline had passed
	 * @param timeoutNanos the call's timeout
	 * @param timeoutSetting how messages name the timeout setting
	 * @return the exception to throw
	 */
	public static WasmException translate(String moduleName, String exportName, Throwable failure, boolean timedOut,
			long timeoutNanos, String timeoutSetting) {
		WasmException ours = findOurs(failure);
		if (timedOut || failure instanceof CallWatchdog.DeadlinePassed) {
			return new WasmTimeoutException(moduleName, exportName, java.time.Duration.ofNanos(timeoutNanos),
					timeoutSetting);
		}
		if (ours != null) {
			return ours;
		}
		if (failure instanceof ChicoryInterruptedException) {
			return WasmCallException.interrupted(moduleName, exportName);
		}
		if (failure instanceof WasiExitException exit) {
			return WasmCallException.exited(moduleName, exportName, exit.exitCode());
		}
		if (failure instanceof StackOverflowError) {
			return trap(moduleName, exportName, Kind.CALL_STACK_EXHAUSTED, "call stack exhausted", failure);
		}
		if (failure instanceof com.dylibso.chicory.runtime.WasmException thrown) {
			// not kept as the cause: it holds the discarded instance and its whole memory
			return trap(moduleName, exportName, Kind.UNCAUGHT_EXCEPTION, "a WebAssembly exception (tag "
					+ thrown.tagIdx() + ", payload " + Arrays.toString(thrown.args()) + ") was thrown and not caught",
					null);
		}
		if (isBudgetExhaustion(failure)) {
			return trap(moduleName, exportName, Kind.RESOURCE_EXHAUSTED,
					"the runtime's memory budget, shared by every instance, could not hold what the guest asked for; "
							+ "the instance was discarded and its memory released. Retry later, lower the module's "
							+ "max-memory, or raise the memory budget",
					null);
		}
		if (isHeapExhaustion(failure)) {
			// the error is not kept as the cause: no Error reaches the caller, not even
			// wrapped
			return trap(moduleName, exportName, Kind.RESOURCE_EXHAUSTED,
					"the JVM ran out of memory while the guest ran; the instance was discarded and its memory "
							+ "released. Lower the module's max-memory or max-table-elements, or give the JVM more heap",
					null);
		}
		if (failure instanceof RuntimeException) {
			String message = String.valueOf(failure.getMessage());
			return trap(moduleName, exportName, kindOf(message), message, failure);
		}
		// any other error raised while the guest ran ends that call only, like a trap
		return trap(moduleName, exportName, Kind.OTHER, String.valueOf(failure), failure);
	}

	private static volatile boolean prepared;

	/**
	 * Load and run once what reporting a failure touches (exception classes, message
	 * building), so that the first failure of a JVM, which may be its running out of
	 * memory, needs no class loading. Called when a runtime is built; cheap after the
	 * first time.
	 */
	public static void prepare() {
		if (prepared) {
			return;
		}
		for (Throwable failure : new Throwable[] { new OutOfMemoryError("prepare"), MemoryBudget.Exhausted.INSTANCE,
				new WasiExitException(0), new WasiExitException(1), new ChicoryInterruptedException("prepare"),
				new StackOverflowError(), new IllegalStateException("unreachable"), new InternalError("prepare"),
				CallWatchdog.DeadlinePassed.INSTANCE }) {
			isCleanExit(failure);
			isResourceExhaustion(failure);
			translate("prepare", "prepare", failure, false, 1, "prepare");
		}
		prepared = true;
	}

	/**
	 * Return whether a failure is the memory a call may hold running out: the JVM's heap,
	 * or the runtime's memory budget.
	 * @param failure what the call threw
	 * @return whether it is an {@link OutOfMemoryError} or
	 * {@link MemoryBudget.Exhausted}, thrown or wrapped
	 */
	public static boolean isResourceExhaustion(Throwable failure) {
		return Causes.has(failure, OutOfMemoryError.class, MemoryBudget.Exhausted.class);
	}

	/**
	 * Return whether a failure is the runtime's memory budget refusing a reservation,
	 * thrown or wrapped.
	 * @param failure what the call threw
	 * @return whether it is {@link MemoryBudget.Exhausted}
	 */
	public static boolean isBudgetExhaustion(Throwable failure) {
		return Causes.has(failure, MemoryBudget.Exhausted.class);
	}

	/**
	 * Return whether a failure is the JVM running out of heap, thrown or wrapped by the
	 * engine.
	 * @param failure what the call threw
	 * @return whether it is an {@link OutOfMemoryError}
	 */
	public static boolean isHeapExhaustion(Throwable failure) {
		return Causes.has(failure, OutOfMemoryError.class);
	}

	private static @Nullable WasmException findOurs(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof WasmException ours) {
				return ours;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

	/**
	 * Translate what the engine's parser threw into the reason a module cannot load.
	 * @param moduleName the module, if named
	 * @param location where its bytes came from
	 * @param length how many bytes were parsed
	 * @param failure what the parser threw
	 * @param truncation what of the bytes was cut short, or {@code null} if nothing was
	 * @return the exception to throw
	 */
	public static WasmModuleLoadException parseFailure(@Nullable String moduleName, String location, int length,
			Throwable failure, Supplier<@Nullable String> truncation) {
		if (failure instanceof InvalidException invalid) {
			return new WasmModuleLoadException(moduleName, location, Reason.INVALID, invalid.getMessage(), invalid);
		}
		if (Causes.has(failure, OutOfMemoryError.class)) {
			// not kept as the cause: no Error reaches the caller, not even wrapped
			return new WasmModuleLoadException(moduleName, location, Reason.TOO_LARGE,
					"parsing its " + length + " bytes ran the JVM out of memory", null);
		}
		String cut = truncation.get();
		if (cut != null) {
			return new WasmModuleLoadException(moduleName, location, Reason.TRUNCATED, cut, failure);
		}
		return new WasmModuleLoadException(moduleName, location, Reason.MALFORMED, parserMessage(failure), failure);
	}

	/**
	 * The parser puts fixed candidate phrases before its format errors; what follows them
	 * says what it was.
	 */
	static String parserMessage(Throwable failure) {
		Throwable innermost = failure;
		while (innermost instanceof MalformedException && innermost.getCause() instanceof MalformedException inner) {
			innermost = inner;
		}
		if (!(innermost instanceof MalformedException)) {
			return String.valueOf(failure);
		}
		String message = String.valueOf(innermost.getMessage());
		boolean stripped;
		do {
			stripped = false;
			for (String prefix : PARSER_PREFIXES) {
				if (message.startsWith(prefix) && message.length() > prefix.length()) {
					message = message.substring(prefix.length());
					stripped = true;
				}
			}
		}
		while (stripped);
		return message;
	}

	/**
	 * Return the kind of a trap from the engine's message, its only description of it.
	 * @param message the engine's message
	 * @return the kind, {@link Kind#OTHER} for a message not recognised
	 */
	public static Kind kindOf(String message) {
		String text = message.toLowerCase(Locale.ROOT);
		if (text.contains("unreachable")) {
			return Kind.UNREACHABLE;
		}
		if (text.contains("divide by zero")) {
			return Kind.INTEGER_DIVIDE_BY_ZERO;
		}
		if (text.contains("integer overflow") || text.contains("invalid conversion to integer")) {
			return Kind.INTEGER_OVERFLOW;
		}
		if (text.contains("out of bounds memory")) {
			return Kind.OUT_OF_BOUNDS_MEMORY_ACCESS;
		}
		if (text.contains("indirect call type mismatch")) {
			return Kind.INDIRECT_CALL_TYPE_MISMATCH;
		}
		if (text.contains("out of bounds table") || text.contains("uninitialized element")
				|| text.contains("undefined element") || text.contains("null function reference")) {
			return Kind.OUT_OF_BOUNDS_TABLE_ACCESS;
		}
		if (text.contains("call stack exhausted")) {
			return Kind.CALL_STACK_EXHAUSTED;
		}
		return Kind.OTHER;
	}

	private static WasmTrapException trap(String moduleName, String exportName, Kind kind, String detail,
			@Nullable Throwable cause) {
		return new WasmTrapException(moduleName, exportName, kind, detail, cause);
	}

}
