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

package dev.wasmspring.runtime.value;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.function.WasmValueType;
import org.jspecify.annotations.Nullable;

/**
 * Java values to WebAssembly values and back, and the memory ABI of text and bytes. The
 * rules, in one place:
 * <ul>
 * <li>{@code i32} is {@code int}; {@code boolean} is an {@code i32}, {@code 1} or
 * {@code 0}, and any {@code i32} but {@code 0} reads as {@code true}.</li>
 * <li>{@code i64} is {@code long}, {@code f32} is {@code float}, {@code f64} is
 * {@code double}, bits kept as they are.</li>
 * <li>As a Java object, an {@code i32} takes {@code Integer}, {@code Short}, {@code Byte}
 * or {@code Boolean}; an {@code i64} takes {@code Long}, {@code Integer}, {@code Short}
 * or {@code Byte}; an {@code f32} takes {@code Float}; an {@code f64} takes
 * {@code Double} or {@code Float}. Nothing is narrowed or rounded.</li>
 * <li>Text is UTF-8. Text and bytes pass into a guest as {@code (i32 ptr, i32 len)} and
 * come back as one {@code i64}, {@code (ptr << 32) | len}, written into memory the
 * guest's {@code alloc} reserves; to an Extism plugin, as the {@code i64} handle of a
 * memory block ({@code 0} for {@code null}).</li>
 * </ul>
 * Each method is a small static method, so that the JIT inlines it into the method
 * handles of bound host functions. Stateless and thread-safe.
 */
public final class WasmValues {

	/**
	 * What to pass for each WebAssembly type, the end of every refusal.
	 */
	public static final String WHAT_TO_PASS = "Pass Integer for i32, Long for i64, Float for f32, Double for f64.";

	private WasmValues() {
	}

	/**
	 * Return the WebAssembly type a Java type passes as, one value: {@code int},
	 * {@code boolean} and their boxes as {@code i32}, {@code long} as {@code i64},
	 * {@code float} as {@code f32}, {@code double} as {@code f64}.
	 * @param javaType the Java type
	 * @return the WebAssembly type, or {@code null} if the type does not pass as one
	 * WebAssembly value
	 */
	public static @Nullable WasmValueType typeOf(Class<?> javaType) {
		if (javaType == int.class || javaType == Integer.class || javaType == boolean.class
				|| javaType == Boolean.class) {
			return WasmValueType.I32;
		}
		if (javaType == long.class || javaType == Long.class) {
			return WasmValueType.I64;
		}
		if (javaType == float.class || javaType == Float.class) {
			return WasmValueType.F32;
		}
		if (javaType == double.class || javaType == Double.class) {
			return WasmValueType.F64;
		}
		return null;
	}

	/**
	 * Return the primitive Java type a WebAssembly value reads as: {@code int},
	 * {@code long}, {@code float} or {@code double}.
	 * @param type the WebAssembly type
	 * @return the Java type, or {@code null} for a type that is not numeric
	 */
	public static @Nullable Class<?> javaType(WasmValueType type) {
		return switch (type) {
			case I32 -> int.class;
			case I64 -> long.class;
			case F32 -> float.class;
			case F64 -> double.class;
			default -> null;
		};
	}

	/**
	 * Return the WebAssembly parameters a host function's Java parameter takes: one value
	 * for {@code int}, {@code long}, {@code float}, {@code double} and {@code boolean};
	 * {@code (i32 ptr, i32 len)} for {@code String} and {@code byte[]}, or, from an
	 * Extism plugin, one {@code i64} block handle.
	 * @param javaType the parameter's Java type
	 * @param extism whether the caller is an Extism plugin
	 * @return the WebAssembly parameters, or {@code null} if the type takes none of them
	 */
	public static @Nullable List<WasmValueType> parameterTypes(Class<?> javaType, boolean extism) {
		if (javaType.isPrimitive()) {
			WasmValueType type = typeOf(javaType);
			return (type != null) ? List.of(type) : null;
		}
		if (javaType == String.class || javaType == byte[].class) {
			return extism ? List.of(WasmValueType.I64) : List.of(WasmValueType.I32, WasmValueType.I32);
		}
		return null;
	}

	/**
	 * Return the WebAssembly results a host function's Java result gives: none for
	 * {@code void}, one value for {@code int}, {@code long}, {@code float},
	 * {@code double} and {@code boolean}; one {@code i64} for {@code String} and
	 * {@code byte[]}, the packed {@code (ptr << 32) | len} or, to an Extism plugin, a
	 * block handle.
	 * @param javaType the result's Java type
	 * @return the WebAssembly results, or {@code null} if the type gives none of them
	 */
	public static @Nullable List<WasmValueType> resultTypes(Class<?> javaType) {
		if (javaType == void.class) {
			return List.of();
		}
		if (javaType == String.class || javaType == byte[].class) {
			return List.of(WasmValueType.I64);
		}
		return parameterTypes(javaType, false);
	}

	/**
	 * Return whether a Java value can be passed as a WebAssembly value of a type, by the
	 * rules of this class.
	 * @param type the WebAssembly type
	 * @param value the Java value
	 * @return whether {@link #toRaw(WasmValueType, Object)} takes it
	 */
	public static boolean accepts(WasmValueType type, @Nullable Object value) {
		return switch (type) {
			case I32 ->
				value instanceof Integer || value instanceof Short || value instanceof Byte || value instanceof Boolean;
			case I64 ->
				value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
			case F32 -> value instanceof Float;
			case F64 -> value instanceof Double || value instanceof Float;
			default -> false;
		};
	}

	/**
	 * Convert a Java value to the raw WebAssembly value of a type, as the engine holds
	 * it.
	 * @param type the WebAssembly type
	 * @param value the Java value
	 * @return the raw value
	 * @throws IllegalArgumentException if the type does not take the value (see
	 * {@link #accepts}); the message says what to pass
	 */
	public static long toRaw(WasmValueType type, @Nullable Object value) {
		if (!accepts(type, value)) {
			throw new IllegalArgumentException(refusal(type, value));
		}
		if (value instanceof Boolean bool) {
			return raw(bool);
		}
		Number number = (Number) value;
		return switch (type) {
			case I32 -> number.intValue();
			case I64 -> number.longValue();
			case F32 -> raw(number.floatValue());
			default -> raw(number.doubleValue());
		};
	}

	/**
	 * Return why a type does not take a value: {@code "i32, which cannot take Float 1.5.
	 * Pass Integer for i32, ..."}.
	 * @param type the WebAssembly type
	 * @param value the refused value
	 * @return the explanation, ending with what to pass
	 */
	public static String refusal(WasmValueType type, @Nullable Object value) {
		return type + ", which cannot take " + describe(value) + ". " + WHAT_TO_PASS;
	}

	/**
	 * Describe a Java value as refusals name it: its simple class name and value.
	 * @param value the value
	 * @return the description
	 */
	public static String describe(@Nullable Object value) {
		return (value != null) ? value.getClass().getSimpleName() + " " + value : "null";
	}

	/**
	 * Convert Java arguments to the raw parameters of a function type.
	 * @param type the function's type
	 * @param args the arguments
	 * @return the raw parameters
	 * @throws IllegalArgumentException if the count differs or a parameter does not take
	 * its argument; the message names the argument's position and what to pass
	 */
	public static long[] toRaw(WasmFunctionType type, @Nullable Object[] args) {
		List<WasmValueType> params = type.params();
		if (args.length != params.size()) {
			throw new IllegalArgumentException(
					"Takes " + params.size() + " arguments " + type + ", but " + args.length + " were given.");
		}
		long[] raw = new long[args.length];
		for (int i = 0; i < args.length; i++) {
			if (!accepts(params.get(i), args[i])) {
				throw new IllegalArgumentException("Argument " + i + " is " + refusal(params.get(i), args[i]));
			}
			raw[i] = toRaw(params.get(i), args[i]);
		}
		return raw;
	}

	/**
	 * Return the Java value of a raw WebAssembly value: {@code Integer} for {@code i32},
	 * {@code Long} for {@code i64}, {@code Float} for {@code f32} and {@code Double} for
	 * {@code f64}, bits kept as they are.
	 * @param type the value's type
	 * @param raw the value as the engine holds it
	 * @return the Java value, or {@code null} for a type that is not numeric
	 */
	public static @Nullable Object fromRaw(WasmValueType type, long raw) {
		return switch (type) {
			case I32 -> i32(raw);
			case I64 -> raw;
			case F32 -> f32(raw);
			case F64 -> f64(raw);
			default -> null;
		};
	}

	/**
	 * Return the Java value of a raw WebAssembly value as a Java type that
	 * {@link #typeOf} maps: a {@code Boolean} for {@code boolean}, otherwise as
	 * {@link #fromRaw(WasmValueType, long)}.
	 * @param javaType the Java type
	 * @param raw the raw value
	 * @return the Java value
	 * @throws IllegalArgumentException if the type does not pass as one WebAssembly value
	 */
	public static Object fromRaw(Class<?> javaType, long raw) {
		if (javaType == boolean.class || javaType == Boolean.class) {
			return bool(raw);
		}
		WasmValueType type = typeOf(javaType);
		if (type == null) {
			throw new IllegalArgumentException(javaType.getName() + " does not pass as one WebAssembly value. "
					+ "Use int, long, float, double or boolean; text, bytes and records pass through memory.");
		}
		Object value = fromRaw(type, raw);
		return (value != null) ? value : raw;
	}

	/**
	 * Return the Java values of a function's raw results: nothing, one value, or an
	 * {@code Object[]} of several.
	 * @param type the function's type
	 * @param results the raw results
	 * @return the Java result
	 */
	public static @Nullable Object results(WasmFunctionType type, long[] results) {
		List<WasmValueType> types = type.results();
		if (types.isEmpty()) {
			return null;
		}
		if (types.size() == 1) {
			return rawIfNotNumeric(types.get(0), results[0]);
		}
		Object[] values = new Object[types.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = rawIfNotNumeric(types.get(i), results[i]);
		}
		return values;
	}

	private static Object rawIfNotNumeric(WasmValueType type, long raw) {
		Object value = fromRaw(type, raw);
		return (value != null) ? value : raw;
	}

	/**
	 * Read an {@code i32}.
	 * @param raw the raw value
	 * @return the int
	 */
	public static int i32(long raw) {
		return (int) raw;
	}

	/**
	 * Read an {@code f32}.
	 * @param raw the raw value
	 * @return the float, bits kept
	 */
	public static float f32(long raw) {
		return Float.intBitsToFloat((int) raw);
	}

	/**
	 * Read an {@code f64}.
	 * @param raw the raw value
	 * @return the double, bits kept
	 */
	public static double f64(long raw) {
		return Double.longBitsToDouble(raw);
	}

	/**
	 * Read a boolean: any {@code i32} but {@code 0} is {@code true}.
	 * @param raw the raw value
	 * @return the boolean
	 */
	public static boolean bool(long raw) {
		return (int) raw != 0;
	}

	/**
	 * Return the raw {@code f32} of a float.
	 * @param value the float
	 * @return the raw value, bits kept
	 */
	public static long raw(float value) {
		return Float.floatToRawIntBits(value) & 0xFFFFFFFFL;
	}

	/**
	 * Return the raw {@code f64} of a double.
	 * @param value the double
	 * @return the raw value, bits kept
	 */
	public static long raw(double value) {
		return Double.doubleToRawLongBits(value);
	}

	/**
	 * Return the raw {@code i32} of a boolean: {@code 1} or {@code 0}.
	 * @param value the boolean
	 * @return the raw value
	 */
	public static long raw(boolean value) {
		return value ? 1 : 0;
	}

	/**
	 * Pack a memory range as one {@code i64}: {@code (ptr << 32) | len}.
	 * @param address the range's address
	 * @param length the range's length
	 * @return the packed range
	 */
	public static long pack(int address, int length) {
		return ((long) address << 32) | (length & 0xFFFFFFFFL);
	}

	/**
	 * Return the address of a packed range.
	 * @param packed the packed range
	 * @return the address, to be read unsigned
	 */
	public static int address(long packed) {
		return (int) (packed >>> 32);
	}

	/**
	 * Return the length of a packed range.
	 * @param packed the packed range
	 * @return the length, to be read unsigned
	 */
	public static int length(long packed) {
		return (int) packed;
	}

	/**
	 * Encode text as the guest reads it: UTF-8.
	 * @param text the text
	 * @return its bytes
	 */
	public static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Decode text the guest wrote: UTF-8.
	 * @param bytes the bytes
	 * @return the text
	 */
	public static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * Read the bytes of a {@code (ptr, len)} pair of raw {@code i32} values.
	 * @param memory the guest's memory
	 * @param address the raw pointer
	 * @param length the raw length
	 * @return a copy of the bytes
	 */
	public static byte[] readBytes(WasmMemory memory, long address, long length) {
		return memory.read((int) address, (int) length);
	}

	/**
	 * Read the UTF-8 text of a {@code (ptr, len)} pair of raw {@code i32} values.
	 * @param memory the guest's memory
	 * @param address the raw pointer
	 * @param length the raw length
	 * @return the text
	 */
	public static String readText(WasmMemory memory, long address, long length) {
		return memory.readString((int) address, (int) length);
	}

	/**
	 * Hand bytes to the guest: write them into memory reserved with the guest's allocator
	 * and return {@code (ptr << 32) | len}. Empty and {@code null} are both {@code 0}: no
	 * memory is reserved.
	 * @param context the calling instance's context
	 * @param bytes the bytes, or {@code null}
	 * @return the packed range
	 */
	public static long writeBytes(WasmCallContext context, byte @Nullable [] bytes) {
		if (bytes == null || bytes.length == 0) {
			return 0;
		}
		int address = context.allocate(bytes.length);
		context.memory().write(address, bytes);
		return pack(address, bytes.length);
	}

	/**
	 * Hand text to the guest as {@link #writeBytes} hands bytes, in UTF-8.
	 * @param context the calling instance's context
	 * @param text the text, or {@code null}
	 * @return the packed range
	 */
	public static long writeText(WasmCallContext context, @Nullable String text) {
		return writeBytes(context, (text != null) ? utf8(text) : null);
	}

	/**
	 * Read the bytes of an Extism memory block.
	 * @param context the calling Extism plugin's context
	 * @param handle the block's handle
	 * @return the bytes
	 */
	public static byte[] readExtismBytes(WasmCallContext context, long handle) {
		return context.readExtismBlock(handle);
	}

	/**
	 * Read the UTF-8 text of an Extism memory block.
	 * @param context the calling Extism plugin's context
	 * @param handle the block's handle
	 * @return the text
	 */
	public static String readExtismText(WasmCallContext context, long handle) {
		return text(context.readExtismBlock(handle));
	}

	/**
	 * Hand bytes to an Extism plugin as a new memory block; {@code null} is handle
	 * {@code 0}, "nothing".
	 * @param context the calling Extism plugin's context
	 * @param bytes the bytes, or {@code null}
	 * @return the block's handle
	 */
	public static long writeExtismBytes(WasmCallContext context, byte @Nullable [] bytes) {
		return (bytes != null) ? context.storeExtismBlock(bytes) : 0;
	}

	/**
	 * Hand text to an Extism plugin as {@link #writeExtismBytes} hands bytes.
	 * @param context the calling Extism plugin's context
	 * @param text the text, or {@code null}
	 * @return the block's handle
	 */
	public static long writeExtismText(WasmCallContext context, @Nullable String text) {
		return writeExtismBytes(context, (text != null) ? utf8(text) : null);
	}

}
