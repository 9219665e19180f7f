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
import java.nio.charset.StandardCharsets;

import dev.wasmspring.runtime.WasmCallContext;
import dev.wasmspring.runtime.WasmMemory;
import org.jspecify.annotations.Nullable;

/**
 * The conversions between raw WebAssembly values and Java values that bound host methods
 * are made of. Each one is a small static method, so that the JIT inlines it into the
 * method handle that calls the host method.
 */
final class HostValues {

	private HostValues() {
	}

	static int i32(long[] args, int index) {
		return (int) args[index];
	}

	static long i64(long[] args, int index) {
		return args[index];
	}

	static float f32(long[] args, int index) {
		return Float.intBitsToFloat((int) args[index]);
	}

	static double f64(long[] args, int index) {
		return Double.longBitsToDouble(args[index]);
	}

	static boolean bool(long[] args, int index) {
		return (int) args[index] != 0;
	}

	static String string(WasmCallContext context, long[] args, int index) {
		return context.memory().readString((int) args[index], (int) args[index + 1]);
	}

	static byte[] bytes(WasmCallContext context, long[] args, int index) {
		return context.memory().read((int) args[index], (int) args[index + 1]);
	}

	static String extismString(WasmCallContext context, long[] args, int index) {
		return new String(context.readExtismBlock(args[index]), StandardCharsets.UTF_8);
	}

	static byte[] extismBytes(WasmCallContext context, long[] args, int index) {
		return context.readExtismBlock(args[index]);
	}

	static long[] ofExtismString(WasmCallContext context, @Nullable String text) {
		return ofExtismBytes(context, (text != null) ? text.getBytes(StandardCharsets.UTF_8) : null);
	}

	/**
	 * Hand bytes to an Extism plugin as a new memory block; {@code null} is handle 0,
	 * "nothing".
	 */
	static long[] ofExtismBytes(WasmCallContext context, byte @Nullable [] bytes) {
		return new long[] { (bytes != null) ? context.storeExtismBlock(bytes) : 0 };
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
		return new long[] { Float.floatToRawIntBits(value) };
	}

	static long[] ofF64(double value) {
		return new long[] { Double.doubleToRawLongBits(value) };
	}

	static long[] ofBool(boolean value) {
		return new long[] { value ? 1 : 0 };
	}

	static long[] ofString(WasmCallContext context, @Nullable String text) {
		return ofBytes(context, (text != null) ? text.getBytes(StandardCharsets.UTF_8) : null);
	}

	/**
	 * Hand bytes to the guest: write them into memory reserved with the guest's allocator
	 * and return {@code (ptr << 32) | len}. Empty and {@code null} are both {@code 0}: no
	 * memory is reserved.
	 */
	static long[] ofBytes(WasmCallContext context, byte @Nullable [] bytes) {
		if (bytes == null || bytes.length == 0) {
			return new long[] { 0 };
		}
		int address = context.allocate(bytes.length);
		context.memory().write(address, bytes);
		return new long[] { ((long) address << 32) | (bytes.length & 0xFFFFFFFFL) };
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
