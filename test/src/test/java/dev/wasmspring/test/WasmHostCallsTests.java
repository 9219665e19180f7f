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

package dev.wasmspring.test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A stub's answer becomes the import's results by the runtime's one value conversion.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class WasmHostCallsTests {

	private static WasmFunctionType returning(WasmValueType... results) {
		return WasmFunctionType.of(List.of(), List.of(results));
	}

	@Test
	void answersConvertAsCallArgumentsDo() {
		assertThat(WasmHostCalls.toResults("env", "f", returning(WasmValueType.I32), 5)).containsExactly(5);
		assertThat(WasmHostCalls.toResults("env", "f", returning(WasmValueType.I32), true)).containsExactly(1);
		assertThat(WasmHostCalls.toResults("env", "f", returning(WasmValueType.I64), (short) 7)).containsExactly(7);
		assertThat(WasmHostCalls.toResults("env", "f", returning(WasmValueType.F32), 1.5f))
			.containsExactly(Float.floatToRawIntBits(1.5f));
		assertThat(WasmHostCalls.toResults("env", "f", returning(WasmValueType.F64), 0.5f))
			.containsExactly(Double.doubleToRawLongBits(0.5));
		assertThat(WasmHostCalls.toResults("env", "f", returning(WasmValueType.I64, WasmValueType.I32),
				new long[] { 1, 2 }))
			.containsExactly(1, 2);
		assertThat(WasmHostCalls.toResults("env", "f", returning(), null)).isEmpty();
	}

	@Test
	void anAnswerTheResultCannotTakeIsRefusedWithWhatToAnswer() {
		WasmFunctionType type = returning(WasmValueType.F64);
		assertThatIllegalArgumentException().isThrownBy(() -> WasmHostCalls.toResults("env", "f", type, 1))
			.withMessage("The stub of env.f" + type + " answered Integer 1, but the import returns f64, which cannot "
					+ "take Integer 1. Pass Integer for i32, Long for i64, Float for f32, Double for f64.");
	}

}
