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

package dev.wasmspring.host;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.value.WasmValues;
import org.jspecify.annotations.Nullable;

/**
 * The shapes the binder's method handles take: each reads one parameter from the raw
 * arguments or wraps one result, converting through {@link WasmValues}, the one place
 * that holds the rules. Each is a small static method, so that the JIT inlines it into
 * the method handle that calls the host method.
 */
final class HostValues {

	private HostValues() {
	}

	static int i32(long[] args, int index) {
		return WasmValues.i32(args[index]);
	}

	static long i64(long[] args, int index) {
		return args[index];
	}

	static float f32(long[] args, int index) {
		return WasmValues.f32(args[index]);
	}

	static double f64(long[] args, int index) {
		return WasmValues.f64(args[index]);
	}

	static boolean bool(long[] args, int index) {
		return WasmValues.bool(args[index]);
	}

	static String string(WasmCallContext context, long[] args, int index) {
		return WasmValues.readText(context.memory(), args[index], args[index + 1]);
	}

	static byte[] bytes(WasmCallContext context, long[] args, int index) {
		return WasmValues.readBytes(context.memory(), args[index], args[index + 1]);
	}

	static String extismString(WasmCallContext context, long[] args, int index) {
		return WasmValues.readExtismText(context, args[index]);
	}

	static byte[] extismBytes(WasmCallContext context, long[] args, int index) {
		return WasmValues.readExtismBytes(context, args[index]);
	}

	static long[] ofExtismString(WasmCallContext context, @Nullable String text) {
		return new long[] { WasmValues.writeExtismText(context, text) };
	}

	static long[] ofExtismBytes(WasmCallContext context, byte @Nullable [] bytes) {
		return new long[] { WasmValues.writeExtismBytes(context, bytes) };
	}

	static WasmMemory memory(WasmCallContext context) {
		return context.memory();
	}

	static long @Nullable [] none() {
		// the engine accepts null for no results, which saves an allocation per call
		return null;
	}

	static long[] ofI32(int value) {
		return new long[] { value };
	}

	static long[] ofI64(long value) {
		return new long[] { value };
	}

	static long[] ofF32(float value) {
		return new long[] { WasmValues.raw(value) };
	}

	static long[] ofF64(double value) {
		return new long[] { WasmValues.raw(value) };
	}

	static long[] ofBool(boolean value) {
		return new long[] { WasmValues.raw(value) };
	}

	static long[] ofString(WasmCallContext context, @Nullable String text) {
		return new long[] { WasmValues.writeText(context, text) };
	}

	static long[] ofBytes(WasmCallContext context, byte @Nullable [] bytes) {
		return new long[] { WasmValues.writeBytes(context, bytes) };
	}

	static MethodHandle find(String name, Class<?> result, Class<?>... params) {
		try {
			return MethodHandles.lookup().findStatic(HostValues.class, name, MethodType.methodType(result, params));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
