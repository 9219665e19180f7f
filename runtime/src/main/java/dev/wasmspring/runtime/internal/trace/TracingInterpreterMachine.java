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
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
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

	/** The frames of failures not yet reported, by failure (compared by identity). */
	private static final Map<Throwable, GuestFrame[]> FAILURES = Collections.synchronizedMap(new WeakHashMap<>());

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
			capture(ex, callStack);
			throw ex;
		}
	}

	/**
	 * Keep the call stack, unless this failure's stack is kept already: every function
	 * the failure leaves passes here, and only the innermost sees the whole stack. A
	 * failure is known by the exception itself, or one that carries it as a cause.
	 */
	static void capture(Throwable failure, Deque<StackFrame> callStack) {
		if (callStack.isEmpty() || FUNCTION == null || INSTRUCTION == null || find(failure, false) != null) {
			return;
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
		FAILURES.put(failure, frames);
	}

	/**
	 * Return, and forget, the guest frames of a failure this machine saw.
	 * @param failure what the call threw
	 * @return the frames, innermost first; empty if none were kept
	 */
	public static GuestFrame[] framesOf(Throwable failure) {
		GuestFrame[] frames = find(failure, true);
		return (frames != null) ? frames : new GuestFrame[0];
	}

	private static GuestFrame @Nullable [] find(Throwable failure, boolean remove) {
		Throwable candidate = failure;
		for (int depth = 0; candidate != null && depth < MAX_CAUSES; depth++) {
			GuestFrame[] frames = remove ? FAILURES.remove(candidate) : FAILURES.get(candidate);
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

}
