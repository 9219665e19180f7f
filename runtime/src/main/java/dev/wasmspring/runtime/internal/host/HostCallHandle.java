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

package dev.wasmspring.runtime.internal.host;

import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.internal.limits.CallDeadline;

/**
 * The engine's handle on one linked host function for one instance. This class is a
 * template: {@link HostCalls} defines a hidden copy of it per linked import, whose static
 * constants hold that import's host function and name. A constant receiver lets the JIT
 * inline the host function into the guest's call, as if it had been written against the
 * engine directly. On return it checks the call's deadline, so that a guest never runs on
 * past it, whatever the host function did with the watchdog's interrupt.
 * <p>
 * Keep this class free of lambdas and nested classes: its bytes are copied as they are.
 */
public final class HostCallHandle implements WasmFunctionHandle {

	private static final WasmHostFunction FUNCTION;

	private static final String IMPORT_NAME;

	static {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		try {
			// null in the template itself, which is never instantiated
			FUNCTION = MethodHandles.classDataAt(lookup, ConstantDescs.DEFAULT_NAME, WasmHostFunction.class, 0);
			IMPORT_NAME = MethodHandles.classDataAt(lookup, ConstantDescs.DEFAULT_NAME, String.class, 1);
		}
		catch (IllegalAccessException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final WasmCallContext context;

	private final CallDeadline deadline;

	public HostCallHandle(WasmCallContext context, CallDeadline deadline) {
		this.context = context;
		this.deadline = deadline;
	}

	@Override
	public long[] apply(Instance instance, long... args) {
		long[] results;
		try {
			results = FUNCTION.invoke(this.context, args);
		}
		catch (HostFailure ex) {
			throw ex;
		}
		catch (WasmException ex) {
			throw HostFailure.of(IMPORT_NAME, this.context, ex);
		}
		catch (Throwable ex) {
			throw new HostFailure(IMPORT_NAME, ex);
		}
		this.deadline.check();
		return results;
	}

}
