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

package dev.wasmspring.runtime.internal.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.dylibso.chicory.runtime.Machine;
import dev.wasmspring.runtime.WasmCallException;
import dev.wasmspring.runtime.WasmException;
import dev.wasmspring.runtime.WasmGuestFrames;
import dev.wasmspring.runtime.WasmTimeoutException;
import dev.wasmspring.runtime.WasmTrapException;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;
import org.jspecify.annotations.Nullable;

/**
 * Puts the guest's call stack into a failure's Java stack trace: the engine's frames are
 * replaced by one frame per guest function
 * ({@code at wasm.<module>.<function>(file:line)}), and the Java frames of host functions
 * stay where they ran. Runs only when a call has failed. Stateless.
 */
public final class GuestTrace {

	/** At most this many guest frames are shown, like the JVM's own stack traces. */
	static final int MAX_GUEST_FRAMES = 1024;

	private static final String ENGINE_PACKAGE = "com.dylibso.chicory.";

	private static final String GUEST_CLASS_PREFIX = "wasm.";

	private static final String INSTANCE_CLASS = "dev.wasmspring.runtime.WasmInstance";

	/** The calls into the other modules of an Extism manifest. */
	private static final String LINKED_MODULES = "dev.wasmspring.runtime.internal.host.LinkedModules";

	private static final String GENERATED_PACKAGE = "com.dylibso.chicory.$gen.";

	private static final String GENERATED_FUNCTION = "func_";

	/** The guest's memory, whose bounds check throws above the guest's frames. */
	private static final String MEMORY_PACKAGE = "dev.wasmspring.runtime.internal.memory.";

	private static final String TRACING_MACHINE = TracingInterpreterMachine.class.getName();

	private static final String TRACING_FALLBACK = TracingCompilerInterpreterMachine.class.getName();

	private static final TracingInterpreterMachine.GuestFrame[] NO_FRAMES = {};

	private GuestTrace() {
	}

	/**
	 * Give a failure translated from what a call threw the guest's frames, when it is a
	 * trap, a host function's failure or a timeout; any other failure, or one that has
	 * them already, is left as it is.
	 * @param translated the failure the call ends with
	 * @param failure what the call threw
	 * @param moduleName the module
	 * @param symbols the module's names and line table
	 * @param detail how much to show
	 * @param machine the engine's machine that ran the call, or {@code null} once the
	 * instance was released
	 */
	public static void attach(WasmException translated, Throwable failure, String moduleName, GuestSymbols symbols,
			WasmGuestFrames detail, @Nullable Machine machine) {
		if (detail == WasmGuestFrames.NONE || !shows(translated) || failure instanceof CallWatchdog.DeadlinePassed
				|| reaches(failure, translated)) {
			return;
		}
		try {
			// a host function's failure: its own exception, the cause, has the Java
			// frames
			Throwable source = (hostFunctionFailed(translated) && translated.getCause() != null) ? translated.getCause()
					: failure;
			TracingInterpreterMachine.GuestFrame[] kept = TracingInterpreterMachine.framesOf(failure);
			// compiled code keeps the frames of the functions it left to the interpreter
			TracingInterpreterMachine.GuestFrame[] interpreted = (machine instanceof TracingInterpreterMachine) ? kept
					: null;
			TracingInterpreterMachine.GuestFrame[] fallback = (interpreted != null) ? NO_FRAMES : kept;
			StackTraceElement[] java = source.getStackTrace();
			if (linked(java)) {
				// another module of an Extism manifest ran too: its frames cannot be
				// told from the calling module's, and the engine's frames stay
				return;
			}
			StackTraceElement[] frames = translate(java, moduleName, symbols, detail, interpreted, fallback);
			if (frames == null && interpreted == null) {
				frames = overflowed(source, moduleName, symbols, detail);
			}
			if (frames == null) {
				return;
			}
			if (frames[frames.length - 1].getClassName().startsWith(GUEST_CLASS_PREFIX)) {
				frames = withCallers(frames);
			}
			translated.setStackTrace(frames);
			if (source != translated && !(source instanceof WasmException)) {
				// the engine's failure kept as the cause, or the host function's own
				// exception, shows the same frames
				source.setStackTrace(frames);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			// the failure keeps the engine's frames
		}
	}

	private static boolean shows(WasmException translated) {
		if (translated instanceof WasmTrapException trap) {
			return trap.getKind() != WasmTrapException.Kind.RESOURCE_EXHAUSTED;
		}
		return translated instanceof WasmTimeoutException || hostFunctionFailed(translated);
	}

	private static boolean linked(StackTraceElement[] java) {
		for (StackTraceElement element : java) {
			if (element.getClassName().startsWith(LINKED_MODULES)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hostFunctionFailed(WasmException translated) {
		return translated instanceof WasmCallException call
				&& call.getReason() == WasmCallException.Reason.HOST_FUNCTION_FAILED;
	}

	/**
	 * Whether the failure carries the translated exception: it has its frames already.
	 */
	private static boolean reaches(Throwable failure, WasmException translated) {
		int depth = 0;
		for (Throwable candidate = failure; candidate != null && depth < 64; candidate = candidate.getCause()) {
			if (candidate == translated) {
				return true;
			}
			depth++;
		}
		return false;
	}

	/**
	 * A failure thrown so deep that its Java stack trace was cut off (the JVM keeps the
	 * innermost 1024 frames) ends with guest frames: the Java frames of the call that ran
	 * the guest, taken here, where the failure is reported, go below them.
	 */
	private static StackTraceElement[] withCallers(StackTraceElement[] frames) {
		StackTraceElement[] here = new Throwable().getStackTrace();
		int from = 0;
		while (from < here.length && reporting(here[from])) {
			from++;
		}
		StackTraceElement[] out = Arrays.copyOf(frames, frames.length + here.length - from);
		System.arraycopy(here, from, out, frames.length, here.length - from);
		return out;
	}

	/**
	 * Whether a frame is one of the steps that report a failure, not of the call.
	 */
	private static boolean reporting(StackTraceElement element) {
		String className = element.getClassName();
		String method = element.getMethodName();
		return className.equals(GuestTrace.class.getName())
				|| (className.equals(INSTANCE_CLASS) && (method.equals("report") || method.equals("failed")));
	}

	/**
	 * Compiled code whose call stack ran out: the engine reports it from the outermost
	 * call, keeping the {@link StackOverflowError}, whose stack trace holds the innermost
	 * frames. Those guest frames come first, then the Java frames of the call.
	 */
	private static StackTraceElement @Nullable [] overflowed(Throwable source, String moduleName, GuestSymbols symbols,
			WasmGuestFrames detail) {
		Throwable overflow = source.getCause();
		for (int depth = 0; overflow != null && !(overflow instanceof StackOverflowError) && depth < 8; depth++) {
			overflow = overflow.getCause();
		}
		if (!(overflow instanceof StackOverflowError)) {
			return null;
		}
		StackTraceElement[] inner = translate(overflow.getStackTrace(), moduleName, symbols, detail, null, NO_FRAMES);
		if (inner == null) {
			return null;
		}
		List<StackTraceElement> out = new ArrayList<>();
		for (StackTraceElement element : inner) {
			if (element.getClassName().startsWith(GUEST_CLASS_PREFIX)) {
				out.add(element);
			}
		}
		for (StackTraceElement element : source.getStackTrace()) {
			if (!element.getClassName().startsWith(ENGINE_PACKAGE)) {
				out.add(element);
			}
		}
		return out.toArray(new StackTraceElement[0]);
	}

	/**
	 * Replace the engine's frames of a Java stack trace by the guest's.
	 * @param java the stack trace of what the engine threw
	 * @param moduleName the module
	 * @param symbols the module's names and line table
	 * @param detail how much to show, not {@code NONE}
	 * @param interpreted the interpreter's frames of the failure, innermost first, or
	 * {@code null} for compiled code, whose frames are in the Java stack trace itself
	 * @param fallback for compiled code, the frames of the functions it left to the
	 * interpreter, innermost first, or none
	 * @return the new stack trace, or {@code null} if it names no guest frame
	 */
	static StackTraceElement @Nullable [] translate(StackTraceElement[] java, String moduleName, GuestSymbols symbols,
			WasmGuestFrames detail, TracingInterpreterMachine.@Nullable GuestFrame[] interpreted,
			TracingInterpreterMachine.GuestFrame[] fallback) {
		String className = "wasm." + moduleName;
		boolean lines = detail == WasmGuestFrames.LINES;
		List<StackTraceElement> out = new ArrayList<>(java.length);
		int guestFrames = 0;
		if (interpreted == null) {
			boolean fallbackShown = false;
			int handedOff = -1;
			for (StackTraceElement element : java) {
				String declaring = element.getClassName();
				if (declaring.equals(TRACING_FALLBACK)) {
					if (!fallbackShown && fallback.length > 0) {
						// the interpreted functions, in place of the method that handed
						// the
						// outermost of them to the interpreter
						fallbackShown = true;
						for (TracingInterpreterMachine.GuestFrame frame : fallback) {
							if (frame.function() >= symbols.importedFunctions() && guestFrames < MAX_GUEST_FRAMES) {
								out.add(frame(className, symbols, frame.function(), frame.address(), lines));
								guestFrames++;
								handedOff = frame.function();
							}
						}
					}
				}
				else if (declaring.startsWith(GENERATED_PACKAGE)) {
					int function = compiledFunction(element.getMethodName());
					if (function == handedOff) {
						handedOff = -1;
					}
					else if (function >= symbols.importedFunctions() && guestFrames < MAX_GUEST_FRAMES) {
						out.add(frame(className, symbols, function, compiledAddress(symbols, function, element),
								lines));
						guestFrames++;
					}
				}
				else if (!declaring.startsWith(ENGINE_PACKAGE)
						&& !(out.isEmpty() && declaring.startsWith(MEMORY_PACKAGE))) {
					out.add(element);
				}
			}
		}
		else {
			// the guest's frames, in groups split where a host function was called; each
			// run of engine frames in the Java stack trace is the next group
			int next = 0;
			boolean inEngine = false;
			for (StackTraceElement element : java) {
				String declaring = element.getClassName();
				if (declaring.startsWith(ENGINE_PACKAGE) || declaring.equals(TRACING_MACHINE)) {
					if (!inEngine) {
						inEngine = true;
						while (next < interpreted.length
								&& interpreted[next].function() < symbols.importedFunctions()) {
							next++; // the host function, whose own frames are Java frames
						}
						while (next < interpreted.length
								&& interpreted[next].function() >= symbols.importedFunctions()) {
							TracingInterpreterMachine.GuestFrame frame = interpreted[next++];
							out.add(frame(className, symbols, frame.function(), frame.address(), lines));
							guestFrames++;
						}
					}
				}
				else if (!(out.isEmpty() && declaring.startsWith(MEMORY_PACKAGE))) {
					inEngine = false;
					out.add(element);
				}
			}
		}
		return (guestFrames > 0) ? out.toArray(new StackTraceElement[0]) : null;
	}

	private static StackTraceElement frame(String className, GuestSymbols symbols, int function, int address,
			boolean lines) {
		String file = null;
		int line = -1;
		if (lines) {
			DwarfLineTable.Position position = (address >= 0) ? symbols.position(address) : null;
			if (position != null) {
				file = position.file();
				line = (position.line() > 0) ? position.line() : -1;
			}
			else {
				file = symbols.file(function);
			}
		}
		return new StackTraceElement(className, symbols.functionName(function), file, line);
	}

	/**
	 * The module offset a compiled frame was at: its line is the offset from the start of
	 * the function's body ({@link CompiledCodeFrames}).
	 * @return the offset, or -1 if the frame has no line
	 */
	private static int compiledAddress(GuestSymbols symbols, int function, StackTraceElement element) {
		int line = element.getLineNumber();
		int bodyStart = symbols.bodyStart(function);
		return (line > 0 && bodyStart >= 0) ? bodyStart + line : -1;
	}

	/**
	 * Return the function a method of the compiler's generated classes runs.
	 * @param methodName the method's name
	 * @return the function's index, or -1 for a method that is no function's body
	 */
	static int compiledFunction(String methodName) {
		if (!methodName.startsWith(GENERATED_FUNCTION)) {
			return -1;
		}
		int index = 0;
		for (int i = GENERATED_FUNCTION.length(); i < methodName.length(); i++) {
			char c = methodName.charAt(i);
			if (c < '0' || c > '9' || index > (Integer.MAX_VALUE - 9) / 10) {
				return -1;
			}
			index = index * 10 + (c - '0');
		}
		return (methodName.length() > GENERATED_FUNCTION.length()) ? index : -1;
	}

}
