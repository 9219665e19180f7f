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

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The one set of rules for Java and WebAssembly values: every supported type both ways,
 * every refusal with what to do.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class WasmValuesTests {

	@Test
	void javaTypesMapToOneWebAssemblyValue() {
		assertThat(WasmValues.typeOf(int.class)).isEqualTo(WasmValueType.I32);
		assertThat(WasmValues.typeOf(Integer.class)).isEqualTo(WasmValueType.I32);
		assertThat(WasmValues.typeOf(boolean.class)).isEqualTo(WasmValueType.I32);
		assertThat(WasmValues.typeOf(Boolean.class)).isEqualTo(WasmValueType.I32);
		assertThat(WasmValues.typeOf(long.class)).isEqualTo(WasmValueType.I64);
		assertThat(WasmValues.typeOf(Long.class)).isEqualTo(WasmValueType.I64);
		assertThat(WasmValues.typeOf(float.class)).isEqualTo(WasmValueType.F32);
		assertThat(WasmValues.typeOf(Float.class)).isEqualTo(WasmValueType.F32);
		assertThat(WasmValues.typeOf(double.class)).isEqualTo(WasmValueType.F64);
		assertThat(WasmValues.typeOf(Double.class)).isEqualTo(WasmValueType.F64);
		assertThat(WasmValues.typeOf(short.class)).isNull();
		assertThat(WasmValues.typeOf(String.class)).isNull();
		assertThat(WasmValues.typeOf(byte[].class)).isNull();
	}

	@Test
	void numericWebAssemblyTypesReadAsPrimitives() {
		assertThat(WasmValues.javaType(WasmValueType.I32)).isEqualTo(int.class);
		assertThat(WasmValues.javaType(WasmValueType.I64)).isEqualTo(long.class);
		assertThat(WasmValues.javaType(WasmValueType.F32)).isEqualTo(float.class);
		assertThat(WasmValues.javaType(WasmValueType.F64)).isEqualTo(double.class);
		assertThat(WasmValues.javaType(WasmValueType.V128)).isNull();
		for (WasmValueType type : List.of(WasmValueType.I32, WasmValueType.I64, WasmValueType.F32, WasmValueType.F64)) {
			assertThat(WasmValues.typeOf(WasmValues.javaType(type))).isEqualTo(type);
		}
	}

	@Test
	void hostFunctionTypesFollowTheMemoryAbi() {
		assertThat(WasmValues.parameterTypes(int.class, false)).containsExactly(WasmValueType.I32);
		assertThat(WasmValues.parameterTypes(boolean.class, true)).containsExactly(WasmValueType.I32);
		assertThat(WasmValues.parameterTypes(long.class, false)).containsExactly(WasmValueType.I64);
		assertThat(WasmValues.parameterTypes(float.class, false)).containsExactly(WasmValueType.F32);
		assertThat(WasmValues.parameterTypes(double.class, false)).containsExactly(WasmValueType.F64);
		assertThat(WasmValues.parameterTypes(String.class, false)).containsExactly(WasmValueType.I32,
				WasmValueType.I32);
		assertThat(WasmValues.parameterTypes(byte[].class, false)).containsExactly(WasmValueType.I32,
				WasmValueType.I32);
		assertThat(WasmValues.parameterTypes(String.class, true)).containsExactly(WasmValueType.I64);
		assertThat(WasmValues.parameterTypes(byte[].class, true)).containsExactly(WasmValueType.I64);
		assertThat(WasmValues.parameterTypes(Integer.class, false)).isNull();
		assertThat(WasmValues.parameterTypes(Object.class, false)).isNull();
		assertThat(WasmValues.resultTypes(void.class)).isEmpty();
		assertThat(WasmValues.resultTypes(int.class)).containsExactly(WasmValueType.I32);
		assertThat(WasmValues.resultTypes(boolean.class)).containsExactly(WasmValueType.I32);
		assertThat(WasmValues.resultTypes(String.class)).containsExactly(WasmValueType.I64);
		assertThat(WasmValues.resultTypes(byte[].class)).containsExactly(WasmValueType.I64);
		assertThat(WasmValues.resultTypes(Void.class)).isNull();
	}

	@Test
	void everyNumericTypeGoesThereAndBackWithItsBits() {
		assertThat(WasmValues.fromRaw(WasmValueType.I32, WasmValues.toRaw(WasmValueType.I32, -7))).isEqualTo(-7);
		assertThat(WasmValues.fromRaw(WasmValueType.I64, WasmValues.toRaw(WasmValueType.I64, Long.MIN_VALUE)))
			.isEqualTo(Long.MIN_VALUE);
		assertThat(WasmValues.fromRaw(WasmValueType.F32, WasmValues.toRaw(WasmValueType.F32, -1.5f))).isEqualTo(-1.5f);
		assertThat(WasmValues.fromRaw(WasmValueType.F64, WasmValues.toRaw(WasmValueType.F64, Math.PI)))
			.isEqualTo(Math.PI);
		float nan = Float.intBitsToFloat(0x7fc00001);
		assertThat(Float.floatToRawIntBits(WasmValues.f32(WasmValues.raw(nan)))).isEqualTo(0x7fc00001);
		assertThat(WasmValues.raw(-1.5f)).isEqualTo(Float.floatToRawIntBits(-1.5f) & 0xFFFFFFFFL);
		double nan64 = Double.longBitsToDouble(0x7ff8000000000001L);
		assertThat(Double.doubleToRawLongBits(WasmValues.f64(WasmValues.raw(nan64)))).isEqualTo(0x7ff8000000000001L);
		assertThat(WasmValues.i32(0xFFFF_FFFF_0000_0005L)).isEqualTo(5);
		assertThat(WasmValues.fromRaw(WasmValueType.V128, 1)).isNull();
	}

	@Test
	void widerJavaValuesArePassedWithoutLoss() {
		assertThat(WasmValues.toRaw(WasmValueType.I32, (short) -2)).isEqualTo(-2);
		assertThat(WasmValues.toRaw(WasmValueType.I32, (byte) 3)).isEqualTo(3);
		assertThat(WasmValues.toRaw(WasmValueType.I64, 4)).isEqualTo(4);
		assertThat(WasmValues.toRaw(WasmValueType.I64, (short) 5)).isEqualTo(5);
		assertThat(WasmValues.toRaw(WasmValueType.I64, (byte) 6)).isEqualTo(6);
		assertThat(WasmValues.toRaw(WasmValueType.F64, 0.5f)).isEqualTo(Double.doubleToRawLongBits(0.5));
	}

	@Test
	void booleansAreOneAndZeroAndAnyOtherI32IsTrue() {
		assertThat(WasmValues.toRaw(WasmValueType.I32, true)).isEqualTo(1);
		assertThat(WasmValues.toRaw(WasmValueType.I32, false)).isEqualTo(0);
		assertThat(WasmValues.raw(true)).isEqualTo(1);
		assertThat(WasmValues.bool(0)).isFalse();
		assertThat(WasmValues.bool(-1)).isTrue();
		assertThat(WasmValues.bool(0x1_0000_0000L)).isFalse();
		assertThat(WasmValues.fromRaw(boolean.class, 2)).isEqualTo(true);
		assertThat(WasmValues.fromRaw(Boolean.class, 0)).isEqualTo(false);
		assertThat(WasmValues.fromRaw(int.class, 9)).isEqualTo(9);
		assertThat(WasmValues.fromRaw(Double.class, WasmValues.raw(2.5))).isEqualTo(2.5);
	}

	@Test
	void functionArgumentsAndResultsConvertTogether() {
		WasmFunctionType type = WasmFunctionType.of(List.of(WasmValueType.I32, WasmValueType.I64, WasmValueType.F32),
				List.of(WasmValueType.I32, WasmValueType.F64));
		assertThat(WasmValues.toRaw(type, new Object[] { true, 2L, 1.0f })).containsExactly(1, 2,
				Float.floatToRawIntBits(1.0f));
		assertThat(WasmValues.results(type, new long[] { 3, WasmValues.raw(0.25) }))
			.isEqualTo(new Object[] { 3, 0.25 });
		assertThat(WasmValues.results(WasmFunctionType.of(List.of(), List.of(WasmValueType.I64)), new long[] { 8 }))
			.isEqualTo(8L);
		assertThat(WasmValues.results(WasmFunctionType.of(List.of(), List.of()), new long[0])).isNull();
		assertThat(WasmValues.results(WasmFunctionType.of(List.of(), List.of(WasmValueType.FUNCREF)), new long[] { 4 }))
			.isEqualTo(4L);
	}

	@Test
	void rangesPackIntoOneI64() {
		long packed = WasmValues.pack(0x8000_0010, 0xFFFF_FFF0);
		assertThat(packed).isEqualTo(0x8000_0010_FFFF_FFF0L);
		assertThat(WasmValues.address(packed)).isEqualTo(0x8000_0010);
		assertThat(WasmValues.length(packed)).isEqualTo(0xFFFF_FFF0);
		assertThat(WasmValues.pack(16, 5)).isEqualTo((16L << 32) | 5);
	}

	@Test
	void textIsUtf8() {
		assertThat(WasmValues.utf8("h\u00e9")).containsExactly('h', 0xc3, 0xa9);
		assertThat(WasmValues.text(new byte[] { 'h', (byte) 0xc3, (byte) 0xa9 })).isEqualTo("h\u00e9");
	}

	@Test
	void aValueOfAnotherTypeIsRefusedWithWhatToPass() {
		assertThatIllegalArgumentException().isThrownBy(() -> WasmValues.toRaw(WasmValueType.I32, 1L))
			.withMessage("i32, which cannot take Long 1. Pass Integer for i32, Long for i64, Float for f32, "
					+ "Double for f64.");
		assertThatIllegalArgumentException().isThrownBy(() -> WasmValues.toRaw(WasmValueType.F32, 1.5))
			.withMessage("f32, which cannot take Double 1.5. " + WasmValues.WHAT_TO_PASS);
		assertThatIllegalArgumentException().isThrownBy(() -> WasmValues.toRaw(WasmValueType.F64, 1))
			.withMessage("f64, which cannot take Integer 1. " + WasmValues.WHAT_TO_PASS);
		assertThatIllegalArgumentException().isThrownBy(() -> WasmValues.toRaw(WasmValueType.I64, true))
			.withMessage("i64, which cannot take Boolean true. " + WasmValues.WHAT_TO_PASS);
		assertThatIllegalArgumentException().isThrownBy(() -> WasmValues.toRaw(WasmValueType.I32, null))
			.withMessage("i32, which cannot take null. " + WasmValues.WHAT_TO_PASS);
		assertThatIllegalArgumentException().isThrownBy(() -> WasmValues.toRaw(WasmValueType.I32, "1"))
			.withMessage("i32, which cannot take String 1. " + WasmValues.WHAT_TO_PASS);
		assertThatIllegalArgumentException().isThrownBy(() -> WasmValues.toRaw(WasmValueType.EXTERNREF, 1))
			.withMessageEndingWith(WasmValues.WHAT_TO_PASS);
	}

	@Test
	void argumentsOfAFunctionAreRefusedByCountAndByPosition() {
		WasmFunctionType type = WasmFunctionType.of(List.of(WasmValueType.I32, WasmValueType.I64), List.of());
		assertThatIllegalArgumentException().isThrownBy(() -> WasmValues.toRaw(type, new Object[] { 1 }))
			.withMessage("Takes 2 arguments " + type + ", but 1 were given.");
		assertThatIllegalArgumentException().isThrownBy(() -> WasmValues.toRaw(type, new Object[] { 1, 2.0 }))
			.withMessage("Argument 1 is i64, which cannot take Double 2.0. " + WasmValues.WHAT_TO_PASS);
	}

	@Test
	void aJavaTypeThatIsNotOneValueIsRefusedWithWhatToUse() {
		assertThatIllegalArgumentException().isThrownBy(() -> WasmValues.fromRaw(String.class, 1))
			.withMessage("java.lang.String does not pass as one WebAssembly value. Use int, long, float, double or "
					+ "boolean; text, bytes and records pass through memory.");
	}

}
