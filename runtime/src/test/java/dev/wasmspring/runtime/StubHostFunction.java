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

package dev.wasmspring.runtime;

import java.util.ArrayList;
import java.util.List;

import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmValueType;

/**
 * Host functions written against the runtime's SPI directly, for tests of the runtime
 * core.
 */
record StubHostFunction(String module, String name, WasmFunctionType type, Body body) implements WasmHostFunction {

	@FunctionalInterface
	interface Body {

		long[] invoke(WasmCallContext context, long[] args) throws Exception;

	}

	@Override
	public long[] invoke(WasmCallContext context, long[] args) throws Exception {
		return this.body.invoke(context, args);
	}

	static WasmFunctionType type(List<WasmValueType> params, List<WasmValueType> results) {
		return WasmFunctionType.of(params, results);
	}

	/** Every import of imports.wasm, each answering zero, with the given overrides. */
	static List<WasmHostFunction> forImportsModule(WasmHostFunction... overrides) {
		WasmValueType i32 = WasmValueType.I32;
		WasmValueType i64 = WasmValueType.I64;
		List<WasmHostFunction> functions = new ArrayList<>(List.of(overrides));
		add(functions, "set", List.of(i64), List.of());
		add(functions, "get_i32", List.of(), List.of(i32));
		add(functions, "echo_i32", List.of(i32), List.of(i32));
		add(functions, "echo_i64", List.of(i64), List.of(i64));
		add(functions, "echo_f32", List.of(WasmValueType.F32), List.of(WasmValueType.F32));
		add(functions, "echo_f64", List.of(WasmValueType.F64), List.of(WasmValueType.F64));
		add(functions, "negate", List.of(i32), List.of(i32));
		add(functions, "text_length", List.of(i32, i32), List.of(i32));
		add(functions, "bytes_sum", List.of(i32, i32), List.of(i32));
		add(functions, "greet", List.of(i32, i32), List.of(i64));
		add(functions, "fail", List.of(), List.of());
		return functions;
	}

	private static void add(List<WasmHostFunction> functions, String name, List<WasmValueType> params,
			List<WasmValueType> results) {
		if (functions.stream().noneMatch((function) -> function.name().equals(name))) {
			functions.add(new StubHostFunction("env", name, type(params, results),
					(context, args) -> new long[results.size()]));
		}
	}

}
