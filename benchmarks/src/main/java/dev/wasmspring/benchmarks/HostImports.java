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

package dev.wasmspring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmValueType;

/**
 * The host functions the host-call modules import, written by hand the way an application
 * would: one function (one lambda) per import, for raw Chicory and for the runtime's SPI,
 * over the same bodies; and the calls that exercise each of them through the guest.
 * Exercising them before measuring lets every import pass through the engine's shared
 * host-call dispatch, as in an application whose guest uses all of its imports, so the
 * measured call does not profit from a dispatch site that has only ever seen one
 * function.
 */
final class HostImports {

	static final String MODULE = "env";

	/**
	 * A call of an export of imports.wasm that reaches one of the other imports, and its
	 * answer.
	 */
	record Exercise(String export, long[] args, long expected) {
	}

	/** Reaches every import but set and fail through imports.wasm's exports. */
	static final List<Exercise> EXERCISES = List.of(new Exercise("call_get_i32", new long[0], 7),
			new Exercise("call_echo_i32", new long[] { 41 }, 41),
			new Exercise("call_echo_i64", new long[] { 1L << 40 }, 1L << 40),
			new Exercise("call_echo_f32", new long[] { Float.floatToRawIntBits(1.5f) }, Float.floatToRawIntBits(1.5f)),
			new Exercise("call_echo_f64", new long[] { Double.doubleToRawLongBits(2.5) },
					Double.doubleToRawLongBits(2.5)),
			new Exercise("call_negate", new long[] { 5 }, -5 & 0xFFFFFFFFL),
			new Exercise("call_text_length", new long[0], 11), new Exercise("call_bytes_sum", new long[0], 260),
			new Exercise("call_greet", new long[] { 256, 13 }, 0));

	private static final WasmValueType I32 = WasmValueType.I32;

	private static final WasmValueType I64 = WasmValueType.I64;

	private static final WasmValueType F32 = WasmValueType.F32;

	private static final WasmValueType F64 = WasmValueType.F64;

	private HostImports() {
	}

	/**
	 * Return the functions as raw Chicory host functions.
	 * @param sink where {@code set} adds its arguments
	 * @param others whether to add the ten other imports of imports.wasm
	 * @return the functions
	 */
	static List<HostFunction> chicoryFunctions(HostSink sink, boolean others) {
		List<HostFunction> functions = new ArrayList<>();
		functions.add(chicory("set", List.of(I64), List.of(), (instance, args) -> {
			sink.set(args[0]);
			return null;
		}));
		if (others) {
			functions.add(chicory("get_i32", List.of(), List.of(I32), (instance, args) -> new long[] { 7 }));
			functions.add(chicory("echo_i32", List.of(I32), List.of(I32), (instance, args) -> new long[] { args[0] }));
			functions.add(chicory("echo_i64", List.of(I64), List.of(I64), (instance, args) -> new long[] { args[0] }));
			functions.add(chicory("echo_f32", List.of(F32), List.of(F32), (instance, args) -> new long[] { args[0] }));
			functions.add(chicory("echo_f64", List.of(F64), List.of(F64), (instance, args) -> new long[] { args[0] }));
			functions
				.add(chicory("negate", List.of(I32), List.of(I32), (instance, args) -> new long[] { -(int) args[0] }));
			functions.add(chicory("text_length", List.of(I32, I32), List.of(I32),
					(instance, args) -> new long[] { textLength(read(instance, args)) }));
			functions.add(chicory("bytes_sum", List.of(I32, I32), List.of(I32),
					(instance, args) -> new long[] { bytesSum(read(instance, args)) }));
			functions.add(chicory("greet", List.of(I32, I32), List.of(I64), (instance, args) -> new long[] { 0 }));
			functions.add(chicory("fail", List.of(), List.of(), (instance, args) -> {
				throw fail();
			}));
		}
		return functions;
	}

	/**
	 * Return the functions as the runtime's SPI.
	 * @param sink where {@code set} adds its arguments
	 * @param others whether to add the ten other imports of imports.wasm
	 * @return the functions
	 */
	static List<WasmHostFunction> wasmHostFunctions(HostSink sink, boolean others) {
		List<WasmHostFunction> functions = new ArrayList<>();
		functions.add(new SetFunction(sink));
		if (others) {
			functions.add(spi("get_i32", List.of(), List.of(I32), (context, args) -> new long[] { 7 }));
			functions.add(spi("echo_i32", List.of(I32), List.of(I32), (context, args) -> new long[] { args[0] }));
			functions.add(spi("echo_i64", List.of(I64), List.of(I64), (context, args) -> new long[] { args[0] }));
			functions.add(spi("echo_f32", List.of(F32), List.of(F32), (context, args) -> new long[] { args[0] }));
			functions.add(spi("echo_f64", List.of(F64), List.of(F64), (context, args) -> new long[] { args[0] }));
			functions.add(spi("negate", List.of(I32), List.of(I32), (context, args) -> new long[] { -(int) args[0] }));
			functions.add(spi("text_length", List.of(I32, I32), List.of(I32),
					(context, args) -> new long[] { textLength(read(context, args)) }));
			functions.add(spi("bytes_sum", List.of(I32, I32), List.of(I32),
					(context, args) -> new long[] { bytesSum(read(context, args)) }));
			functions.add(spi("greet", List.of(I32, I32), List.of(I64), (context, args) -> new long[] { 0 }));
			functions.add(spi("fail", List.of(), List.of(), (context, args) -> {
				throw fail();
			}));
		}
		return functions;
	}

	static int textLength(byte[] utf8) {
		return new String(utf8, StandardCharsets.UTF_8).length();
	}

	static int bytesSum(byte[] bytes) {
		int sum = 0;
		for (byte b : bytes) {
			sum += b & 0xFF;
		}
		return sum;
	}

	static IllegalStateException fail() {
		return new IllegalStateException("env.fail was called");
	}

	private static byte[] read(Instance instance, long[] args) {
		return instance.memory().readBytes((int) args[0], (int) args[1]);
	}

	private static byte[] read(WasmCallContext context, long[] args) {
		return context.memory().read((int) args[0], (int) args[1]);
	}

	private static HostFunction chicory(String name, List<WasmValueType> params, List<WasmValueType> results,
			WasmFunctionHandle handle) {
		return new HostFunction(MODULE, name, FunctionType.of(params.stream().map(HostImports::chicoryType).toList(),
				results.stream().map(HostImports::chicoryType).toList()), handle);
	}

	private static ValType chicoryType(WasmValueType type) {
		return switch (type) {
			case I32 -> ValType.I32;
			case I64 -> ValType.I64;
			case F32 -> ValType.F32;
			case F64 -> ValType.F64;
			default -> throw new IllegalArgumentException("Not used by the benchmarks: " + type);
		};
	}

	private static WasmHostFunction spi(String name, List<WasmValueType> params, List<WasmValueType> results,
			Body body) {
		return new WrittenFunction(name, WasmFunctionType.of(params, results), body);
	}

	/** A host function's body against the SPI. */
	@FunctionalInterface
	interface Body {

		long[] apply(WasmCallContext context, long[] args);

	}

	/** One hand-written SPI host function: its name, signature and body. */
	record WrittenFunction(String name, WasmFunctionType type, Body body) implements WasmHostFunction {

		@Override
		public String module() {
			return MODULE;
		}

		@Override
		public long[] invoke(WasmCallContext context, long[] args) {
			return this.body.apply(context, args);
		}

	}

	/**
	 * {@code env.set(i64)} written by hand against the runtime's SPI, as its own class.
	 */
	static final class SetFunction implements WasmHostFunction {

		private static final WasmFunctionType TYPE = WasmFunctionType.of(List.of(I64), List.of());

		private final HostSink sink;

		SetFunction(HostSink sink) {
			this.sink = sink;
		}

		@Override
		public String module() {
			return MODULE;
		}

		@Override
		public String name() {
			return "set";
		}

		@Override
		public WasmFunctionType type() {
			return TYPE;
		}

		@Override
		public long[] invoke(WasmCallContext context, long[] args) {
			this.sink.set(args[0]);
			return null;
		}

	}

	/**
	 * Call every exercise through the guest, checking each answer.
	 * @param loop the instance
	 * @param rounds how many times to call each
	 */
	static void exercise(HostLoop loop, int rounds) {
		for (int round = 0; round < rounds; round++) {
			for (Exercise exercise : EXERCISES) {
				long result = loop.call(exercise.export(), exercise.args());
				// i32 results come back in the low 32 bits; compare those only
				long mask = (exercise.export().endsWith("i64") || exercise.export().endsWith("f64")) ? -1L
						: 0xFFFFFFFFL;
				if ((result & mask) != (exercise.expected() & mask)) {
					throw new IllegalStateException(
							exercise.export() + " returned " + result + " instead of " + exercise.expected());
				}
			}
		}
	}

}
