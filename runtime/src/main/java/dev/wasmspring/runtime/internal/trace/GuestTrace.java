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
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;
import dev.wasmspring.runtime.module.WasmGuestFrames;
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

	private static final String INSTANCE_CLASS = "dev.wasmspring.runtime.internal.call.RunningInstance";

	/** The calls into the other modules of an Extism manifest. */
	private static final String LINKED_MODULES = "dev.wasmspring.runtime.internal.host.LinkedModules";

	private static final String GENERATED_PACKAGE = "com.dylibso.chicory.$gen.";

	private static final String GENERATED_FUNCTION = "func_";

	/** The guest's memory, whose bounds check throws above the guest's frames. */
	private static final String MEMORY_PACKAGE = "dev.wasmspring.runtime.internal.memory.";

	private static final String TRACING_MACHINE = TracingInterpreterMachine.class.getName();

	private static final String TRACING_FALLBACK = TracingCompilerInterpreterMachine.class.getName();

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
	 * @param linked the other modules of the module's Extism manifest, or none
	 */
	public static void attach(WasmException translated, Throwable failure, String moduleName, GuestSymbols symbols,
			WasmGuestFrames detail, @Nullable Machine machine, List<LinkedModule> linked) {
		if (detail == WasmGuestFrames.NONE || !shows(translated) || failure instanceof CallWatchdog.DeadlinePassed
				|| reaches(failure, translated)) {
			return;
		}
		try {
			// a host function's failure: its own exception, the cause, has the Java
			// frames
			Throwable source = (hostFunctionFailed(translated) && translated.getCause() != null) ? translated.getCause()
					: failure;
			Modules modules = new Modules(new Target("wasm." + moduleName, symbols), moduleName, linked);
			List<TracingInterpreterMachine.Capture> kept = TracingInterpreterMachine.capturesOf(failure);
			// compiled code keeps the frames of the functions it left to the interpreter
			List<TracingInterpreterMachine.Capture> interpreted = (machine instanceof TracingInterpreterMachine) ? kept
					: null;
			List<TracingInterpreterMachine.Capture> fallback = (interpreted != null) ? List.of() : kept;
			StackTraceElement[] java = source.getStackTrace();
			StackTraceElement[] frames = translate(java, modules, detail, interpreted, fallback);
			if (frames == null && interpreted == null) {
				frames = overflowed(source, modules, detail);
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
	private static StackTraceElement @Nullable [] overflowed(Throwable source, Modules modules,
			WasmGuestFrames detail) {
		Throwable overflow = source.getCause();
		for (int depth = 0; overflow != null && !(overflow instanceof StackOverflowError) && depth < 8; depth++) {
			overflow = overflow.getCause();
		}
		if (!(overflow instanceof StackOverflowError)) {
			return null;
		}
		StackTraceElement[] inner = translate(overflow.getStackTrace(), modules, detail, null, List.of());
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
	 * @param modules the module and the other modules of its manifest
	 * @param detail how much to show, not {@code NONE}
	 * @param interpreted the interpreter's frames of the failure, one capture per module
	 * it left, innermost first, or {@code null} for compiled code, whose frames are in
	 * the Java stack trace itself
	 * @param fallback for compiled code, the frames of the functions it left to the
	 * interpreter, or none
	 * @return the new stack trace, or {@code null} if it names no guest frame
	 */
	static StackTraceElement @Nullable [] translate(StackTraceElement[] java, Modules modules, WasmGuestFrames detail,
			@Nullable List<TracingInterpreterMachine.Capture> interpreted,
			List<TracingInterpreterMachine.Capture> fallback) {
		boolean lines = detail == WasmGuestFrames.LINES;
		List<StackTraceElement> out = new ArrayList<>(java.length);
		int guestFrames = 0;
		if (interpreted == null) {
			boolean fallbackShown = false;
			int handedOff = -1;
			for (StackTraceElement element : java) {
				String declaring = element.getClassName();
				if (declaring.equals(TRACING_FALLBACK)) {
					if (!fallbackShown && !fallback.isEmpty()) {
						// the interpreted functions, in place of the method that handed
						// the
						// outermost of them to the interpreter
						fallbackShown = true;
						TracingInterpreterMachine.Capture capture = fallback.get(0);
						Target target = modules.of(capture.module());
						for (TracingInterpreterMachine.GuestFrame frame : capture.frames()) {
							if (frame.function() >= target.symbols().importedFunctions()
									&& guestFrames < MAX_GUEST_FRAMES) {
								out.add(frame(target, frame.function(), frame.address(), lines));
								guestFrames++;
								handedOff = frame.function();
							}
						}
					}
				}
				else if (declaring.startsWith(GENERATED_PACKAGE)) {
					int function = compiledFunction(element.getMethodName());
					Target target = modules.of(element.getClassLoaderName());
					if (function == handedOff) {
						handedOff = -1;
					}
					else if (function >= target.symbols().importedFunctions() && guestFrames < MAX_GUEST_FRAMES) {
						out.add(frame(target, function, compiledAddress(target.symbols(), function, element), lines));
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
			// run of engine frames in the Java stack trace is the next group. A call into
			// another module of the manifest goes on with the next module's capture.
			int capture = 0;
			int next = 0;
			boolean inEngine = false;
			boolean inLink = false;
			for (StackTraceElement element : java) {
				String declaring = element.getClassName();
				if (declaring.startsWith(LINKED_MODULES)) {
					if (!inLink && capture < interpreted.size()
							&& modules.of(interpreted.get(capture).module()) != modules.main()) {
						capture++;
						next = 0;
					}
					inLink = true;
					inEngine = false;
					out.add(element);
				}
				else if (declaring.startsWith(ENGINE_PACKAGE) || declaring.equals(TRACING_MACHINE)) {
					inLink = false;
					if (!inEngine && capture < interpreted.size()) {
						inEngine = true;
						TracingInterpreterMachine.GuestFrame[] frames = interpreted.get(capture).frames();
						Target target = modules.of(interpreted.get(capture).module());
						int imported = target.symbols().importedFunctions();
						while (next < frames.length && frames[next].function() < imported) {
							next++; // the host function, whose own frames are Java frames
						}
						while (next < frames.length && frames[next].function() >= imported) {
							TracingInterpreterMachine.GuestFrame frame = frames[next++];
							out.add(frame(target, frame.function(), frame.address(), lines));
							guestFrames++;
						}
					}
				}
				else if (!(out.isEmpty() && declaring.startsWith(MEMORY_PACKAGE))) {
					inEngine = false;
					inLink = false;
					out.add(element);
				}
			}
		}
		return (guestFrames > 0) ? out.toArray(new StackTraceElement[0]) : null;
	}

	private static StackTraceElement frame(Target target, int function, int address, boolean lines) {
		GuestSymbols symbols = target.symbols();
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
		return new StackTraceElement(target.className(), symbols.functionName(function), file, line);
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

	/**
	 * Another module of an Extism manifest, whose frames a failure may hold.
	 *
	 * @param name its name in the manifest
	 * @param module its parsed form, which its instances run
	 * @param codeName the class loader name its compiled frames carry
	 * @param symbols its names and line table
	 */
	public record LinkedModule(String name, WasmModule module, String codeName, GuestSymbols symbols) {
	}

	/** The class name and symbols of one module's frames. */
	record Target(String className, GuestSymbols symbols, @Nullable WasmModule module, @Nullable String codeName) {

		Target(String className, GuestSymbols symbols) {
			this(className, symbols, null, null);
		}

	}

	/** The module that ran the call and the other modules of its manifest. */
	static final class Modules {

		private final Target main;

		private final List<Target> linked;

		Modules(Target main, String moduleName, List<LinkedModule> linked) {
			this.main = main;
			this.linked = new ArrayList<>(linked.size());
			for (LinkedModule module : linked) {
				this.linked.add(new Target("wasm." + moduleName + "." + module.name(), module.symbols(),
						module.module(), module.codeName()));
			}
		}

		Target main() {
			return this.main;
		}

		/** The module whose compiled classes a class loader of this name defined. */
		Target of(@Nullable String codeName) {
			if (codeName != null) {
				for (Target target : this.linked) {
					if (codeName.equals(target.codeName())) {
						return target;
					}
				}
			}
			return this.main;
		}

		/** The module an interpreter ran. */
		Target of(WasmModule module) {
			for (Target target : this.linked) {
				if (target.module() == module) {
					return target;
				}
			}
			return this.main;
		}

	}

}
