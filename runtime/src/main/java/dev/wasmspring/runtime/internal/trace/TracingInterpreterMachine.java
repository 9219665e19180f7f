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
import java.util.Deque;

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
 * exactly as on the interpreter: the work happens only in an exception handler.
 * <p>
 * Confined to its instance's thread, like the instance.
 */
public final class TracingInterpreterMachine extends InterpreterMachine {

	private static final @Nullable Field FUNCTION = field("funcId");

	private static final @Nullable Field INSTRUCTION = field("currentInstruction");

	/**
	 * The last failure and its call stack: one field, so that an instance is no larger.
	 */
	private @Nullable Captured captured;

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
	 * failure is known by the exception itself, or one that carries it as a cause (a
	 * nested call's failure reported through a host function).
	 */
	private void capture(Throwable failure, Deque<StackFrame> callStack) {
		Captured kept = this.captured;
		if (callStack.isEmpty() || (kept != null && carries(failure, kept.failure()))) {
			return;
		}
		this.captured = new Captured(failure, callStack.toArray());
	}

	private static boolean carries(Throwable failure, Throwable kept) {
		Throwable candidate = failure;
		for (int depth = 0; candidate != null && depth < 16; depth++) {
			if (candidate == kept) {
				return true;
			}
			candidate = candidate.getCause();
		}
		return false;
	}

	/**
	 * Return the guest frames of the last failure, innermost first.
	 * @param maxFrames how many frames at most
	 * @return the frames; empty if none were kept or the engine's frames cannot be read
	 */
	public GuestFrame[] lastFailure(int maxFrames) {
		Captured captured = this.captured;
		Object[] kept = (captured != null) ? captured.frames() : null;
		if (kept == null || FUNCTION == null || INSTRUCTION == null) {
			return new GuestFrame[0];
		}
		int count = Math.min(kept.length, maxFrames);
		GuestFrame[] frames = new GuestFrame[count];
		try {
			for (int i = 0; i < count; i++) {
				int function = FUNCTION.getInt(kept[i]);
				Object instruction = INSTRUCTION.get(kept[i]);
				int address = (instruction instanceof Instruction current) ? current.address() : -1;
				frames[i] = new GuestFrame(function, address);
			}
		}
		catch (IllegalAccessException | RuntimeException ex) {
			return new GuestFrame[0];
		}
		return frames;
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

	private record Captured(Throwable failure, Object[] frames) {
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
