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

import java.util.List;

import dev.wasmspring.runtime.WasmCallException;
import dev.wasmspring.runtime.WasmFunctionType;
import dev.wasmspring.runtime.WasmValueType;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact.ExportedFunction;
import org.jspecify.annotations.Nullable;

/**
 * Converts between Java values and raw WebAssembly values.
 */
public final class WasmValues {

	private WasmValues() {
	}

	public static long[] toRaw(String moduleName, ExportedFunction export, Object[] args) {
		List<WasmValueType> params = export.type().params();
		if (args.length != params.size()) {
			throw WasmCallException.illegalArgument(moduleName, export.name(),
					"Export '" + export.name() + "' of WASM module '" + moduleName + "' takes " + params.size()
							+ " arguments " + export.type() + ", but " + args.length + " were given.");
		}
		long[] raw = new long[args.length];
		for (int i = 0; i < args.length; i++) {
			raw[i] = toRaw(moduleName, export, i, params.get(i), args[i]);
		}
		return raw;
	}

	private static long toRaw(String moduleName, ExportedFunction export, int position, WasmValueType type,
			@Nullable Object value) {
		if (value instanceof Boolean bool && type == WasmValueType.I32) {
			return bool ? 1 : 0;
		}
		if (value instanceof Number number) {
			switch (type) {
				case I32:
					if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
						return number.intValue();
					}
					break;
				case I64:
					if (value instanceof Long || value instanceof Integer || value instanceof Short
							|| value instanceof Byte) {
						return number.longValue();
					}
					break;
				case F32:
					if (value instanceof Float) {
						return Float.floatToRawIntBits(number.floatValue()) & 0xFFFFFFFFL;
					}
					break;
				case F64:
					if (value instanceof Double || value instanceof Float) {
						return Double.doubleToRawLongBits(number.doubleValue());
					}
					break;
				default:
					break;
			}
		}
		throw WasmCallException.illegalArgument(moduleName, export.name(),
				"Argument " + position + " of export '" + export.name() + "' of WASM module '" + moduleName + "' is "
						+ type + ", which cannot take "
						+ ((value != null) ? value.getClass().getSimpleName() + " " + value : "null")
						+ ". Pass Integer for i32, Long for i64, Float for f32, Double for f64.");
	}

	public static @Nullable Object fromRaw(WasmFunctionType type, long[] results) {
		List<WasmValueType> types = type.results();
		if (types.isEmpty()) {
			return null;
		}
		if (types.size() == 1) {
			return fromRaw(types.get(0), results[0]);
		}
		Object[] values = new Object[types.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = fromRaw(types.get(i), results[i]);
		}
		return values;
	}

	public static Object fromRaw(WasmValueType type, long raw) {
		Object value = numeric(type, raw);
		return (value != null) ? value : raw;
	}

	/**
	 * Return the Java value of a numeric WebAssembly value: {@code Integer} for
	 * {@code i32}, {@code Long} for {@code i64}, {@code Float} for {@code f32} and
	 * {@code Double} for {@code f64}, bits kept as they are.
	 * @param type the value's type
	 * @param raw the value as the engine holds it
	 * @return the Java value, or {@code null} for a type that is not numeric
	 */
	public static @Nullable Object numeric(WasmValueType type, long raw) {
		return switch (type) {
			case I32 -> (int) raw;
			case I64 -> raw;
			case F32 -> Float.intBitsToFloat((int) raw);
			case F64 -> Double.longBitsToDouble(raw);
			default -> null;
		};
	}

}
