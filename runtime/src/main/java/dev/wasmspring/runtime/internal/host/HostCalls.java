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

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.function.BiFunction;

import com.dylibso.chicory.runtime.WasmFunctionHandle;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.internal.limits.CallDeadline;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the engine's handles on a linked host function, one per instance. Each linked
 * import gets its own hidden class made from {@link HostCallHandle}, so that the host
 * function is a constant the JIT can inline; where hidden classes cannot be defined (for
 * example in a native image), a shared handle class is used instead, which works the same
 * but inlines less.
 */
public final class HostCalls {

	private static final Logger logger = LoggerFactory.getLogger(HostCalls.class);

	private static final MethodType CONSTRUCTOR = MethodType.methodType(void.class, WasmCallContext.class,
			CallDeadline.class);

	private static final MethodType FACTORY = MethodType.methodType(WasmFunctionHandle.class, WasmCallContext.class,
			CallDeadline.class);

	private static final byte @Nullable [] TEMPLATE = readTemplate();

	private HostCalls() {
	}

	/**
	 * Return a factory of the handles on one host function linked under an import name.
	 * @param function the host function
	 * @param importName the import, as {@code module.name}
	 * @return the factory, called once per instance
	 */
	public static BiFunction<WasmCallContext, CallDeadline, WasmFunctionHandle> factory(WasmHostFunction function,
			String importName) {
		MethodHandle constructor = hiddenConstructor(function, importName);
		if (constructor == null) {
			return sharedFactory(function, importName);
		}
		return (context, deadline) -> {
			try {
				return (WasmFunctionHandle) constructor.invokeExact(context, deadline);
			}
			catch (Throwable ex) {
				throw new IllegalStateException("Cannot bind host function " + function.description(), ex);
			}
		};
	}

	public static BiFunction<WasmCallContext, CallDeadline, WasmFunctionHandle> sharedFactory(WasmHostFunction function,
			String importName) {
		return (context, deadline) -> new SharedHandle(function, importName, context, deadline);
	}

	private static @Nullable MethodHandle hiddenConstructor(WasmHostFunction function, String importName) {
		byte[] template = TEMPLATE;
		if (template == null) {
			return null;
		}
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup()
				.defineHiddenClassWithClassData(template, List.of(function, importName), true);
			return lookup.findConstructor(lookup.lookupClass(), CONSTRUCTOR).asType(FACTORY);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.debug("Cannot define a dedicated handle class for host function {}; using the shared one",
					function.description(), ex);
			return null;
		}
	}

	private static byte @Nullable [] readTemplate() {
		try (InputStream in = HostCallHandle.class.getResourceAsStream("HostCallHandle.class")) {
			return (in != null) ? in.readAllBytes() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** The handle used where hidden classes are not available. */
	private record SharedHandle(WasmHostFunction function, String importName, WasmCallContext context,
			CallDeadline deadline) implements WasmFunctionHandle {

		@Override
		public long[] apply(com.dylibso.chicory.runtime.Instance instance, long... args) {
			long[] results;
			try {
				results = this.function.invoke(this.context, args);
			}
			catch (HostFailure ex) {
				throw ex;
			}
			catch (WasmException ex) {
				throw HostFailure.of(this.importName, this.context, ex);
			}
			catch (Throwable ex) {
				throw new HostFailure(this.importName, ex);
			}
			this.deadline.check();
			return results;
		}

	}

}
