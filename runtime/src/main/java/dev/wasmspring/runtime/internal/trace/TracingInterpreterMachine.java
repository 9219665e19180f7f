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

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Instruction;
import org.jspecify.annotations.Nullable;

/**
 * The interpreter, keeping the guest's call stack of a failure. The interpreter pops a
 * function's frame while the failure leaves it, so by the time the failure reaches the
 * caller its call stack is gone: this machine takes it while the failure leaves the
 * innermost function, when every frame is still there. A call that does not fail runs
 * exactly as on the interpreter: the work happens only in an exception handler, and the
 * machine has no field of its own, so an instance is no larger.
 * <p>
 * The frames are kept as function indexes and code offsets, by the failure they belong
 * to, until it is reported or collected: nothing of the instance is held.
 */
public final class TracingInterpreterMachine extends InterpreterMachine {

	private static final @Nullable Field FUNCTION = field("funcId");

	private static final @Nullable Field INSTRUCTION = field("currentInstruction");

	/**
	 * The frames of failures not yet reported, by failure (compared by identity): one
	 * capture per module the failure left, innermost first.
	 */
	private static final Map<Throwable, List<Capture>> FAILURES = Collections.synchronizedMap(new WeakHashMap<>());

	/** How many causes are followed to find a failure's frames. */
	private static final int MAX_CAUSES = 16;

	public TracingInterpreterMachine(Instance instance) {
		super(instance);
	}

	@Override
	protected void eval(MStack stack, Instance instance, Deque<StackFrame> callStack) {
		try {
			super.eval(stack, instance, callStack);
		}
		catch (Throwable ex) {
			capture(ex, callStack, instance.module());
			throw ex;
		}
	}

	/**
	 * Keep the call stack, unless this failure's stack in this module is kept already:
	 * every function the failure leaves passes here, and only the innermost of a module
	 * sees its whole stack. A failure is known by the exception itself, or one that
	 * carries it as a cause. Another module of an Extism manifest the failure leaves adds
	 * its own capture.
	 */
	static void capture(Throwable failure, Deque<StackFrame> callStack, WasmModule module) {
		if (callStack.isEmpty() || FUNCTION == null || INSTRUCTION == null) {
			return;
		}
		List<Capture> kept = find(failure, false);
		if (kept != null) {
			for (Capture capture : kept) {
				if (capture.module() == module) {
					return;
				}
			}
		}
		int count = Math.min(callStack.size(), GuestTrace.MAX_GUEST_FRAMES);
		GuestFrame[] frames = new GuestFrame[count];
		Iterator<StackFrame> innermostFirst = callStack.iterator();
		try {
			for (int i = 0; i < count; i++) {
				StackFrame frame = innermostFirst.next();
				Object instruction = INSTRUCTION.get(frame);
				int address = (instruction instanceof Instruction current) ? current.address() : -1;
				frames[i] = new GuestFrame(FUNCTION.getInt(frame), address);
			}
		}
		catch (IllegalAccessException | RuntimeException ex) {
			return;
		}
		Capture capture = new Capture(module, frames);
		if (kept != null) {
			kept.add(capture);
		}
		else {
			List<Capture> captures = Collections.synchronizedList(new ArrayList<>(2));
			captures.add(capture);
			FAILURES.put(failure, captures);
		}
	}

	/**
	 * Return, and forget, the guest frames of a failure this machine saw.
	 * @param failure what the call threw
	 * @return the frames, innermost first; empty if none were kept
	 */
	public static GuestFrame[] framesOf(Throwable failure) {
		List<Capture> captures = capturesOf(failure);
		return captures.isEmpty() ? new GuestFrame[0] : captures.get(0).frames();
	}

	/**
	 * Return, and forget, the guest frames of a failure, one capture per module the
	 * failure left.
	 * @param failure what the call threw
	 * @return the captures, innermost first; empty if none were kept
	 */
	public static List<Capture> capturesOf(Throwable failure) {
		List<Capture> captures = find(failure, true);
		return (captures != null) ? List.copyOf(captures) : List.of();
	}

	private static @Nullable List<Capture> find(Throwable failure, boolean remove) {
		Throwable candidate = failure;
		for (int depth = 0; candidate != null && depth < MAX_CAUSES; depth++) {
			List<Capture> frames = remove ? FAILURES.remove(candidate) : FAILURES.get(candidate);
			if (frames != null) {
				return frames;
			}
			candidate = candidate.getCause();
		}
		return null;
	}

	private static @Nullable Field field(String name) {
		try {
			Field field = StackFrame.class.getDeclaredField(name);
			field.setAccessible(true);
			return field;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// the engine's frames cannot be read here (its package is not open to the
			// runtime): traces then name no interpreted frames
			return null;
		}
	}

	/**
	 * One guest frame as the interpreter kept it.
	 *
	 * @param function the function's index, imports counted
	 * @param address the module offset of the instruction that ran (the trap, or the
	 * call), or -1
	 */
	public record GuestFrame(int function, int address) {
	}

	/**
	 * The guest frames of one module a failure left.
	 *
	 * @param module the module (its parsed form, shared by its instances)
	 * @param frames the frames, innermost first
	 */
	public record Capture(WasmModule module, GuestFrame[] frames) {
	}

}
