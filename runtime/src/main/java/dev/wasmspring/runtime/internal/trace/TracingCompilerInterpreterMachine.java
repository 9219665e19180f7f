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

import java.util.Deque;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.runtime.internal.CompilerInterpreterMachine;

/**
 * The interpreter compiled code hands the functions too large for one JVM method to,
 * keeping the guest's call stack of a failure as {@link TracingInterpreterMachine} does.
 * Compiled code creates it in place of the engine's own ({@link CompiledCodeFrames}
 * rewrites the constructor call when the module is compiled). A call that does not fail
 * runs exactly as on the engine's: the work happens only in an exception handler, and the
 * machine has no field of its own.
 */
public final class TracingCompilerInterpreterMachine extends CompilerInterpreterMachine {

	public TracingCompilerInterpreterMachine(Instance instance, int[] interpretedFunctions) {
		super(instance, interpretedFunctions);
	}

	@Override
	protected void eval(MStack stack, Instance instance, Deque<StackFrame> callStack) {
		try {
			super.eval(stack, instance, callStack);
		}
		catch (Throwable ex) {
			TracingInterpreterMachine.capture(ex, callStack, instance.module());
			throw ex;
		}
	}

}
