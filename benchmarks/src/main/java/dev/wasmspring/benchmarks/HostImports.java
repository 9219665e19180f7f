package dev.wasmspring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.wasmspring.runtime.WasmFunctionType;
import dev.wasmspring.runtime.WasmValueType;

/**
 * The host functions {@code imports.wasm} links besides the measured {@code env.set}, written once and bound
 * by every {@link HostBinding}, and the calls that exercise each of them through the guest. Exercising them
 * before measuring lets every import pass through the shared dispatch code, as in an application whose guest
 * uses all of its imports, so the measured call does not profit from a dispatch site that has only ever seen
 * one function.
 */
final class HostImports {

	static final String MODULE = "env";

	static final WasmFunctionType SET_TYPE = WasmFunctionType.of(List.of(WasmValueType.I64), List.of());

	/** Reads guest memory, whichever binding provides it. */
	@FunctionalInterface
	interface GuestMemory {

		byte[] read(int address, int length);

	}

	/** The body of one host function over raw values; returns its single result, or 0 if it has none. */
	@FunctionalInterface
	interface Body {

		long apply(GuestMemory memory, long[] args);

	}

	/** One host function: its import name, signature and body. */
	record Function(String name, WasmFunctionType type, Body body) {
	}

	/** A call of an export of imports.wasm that reaches one of the functions, and its answer. */
	record Exercise(String export, long[] args, long expected) {
	}

	private static final WasmValueType I32 = WasmValueType.I32;

	private static final WasmValueType I64 = WasmValueType.I64;

	private static final WasmValueType F32 = WasmValueType.F32;

	private static final WasmValueType F64 = WasmValueType.F64;

	/** The ten imports of imports.wasm other than set. */
	static final List<Function> OTHERS = List.of(
			new Function("get_i32", type(List.of(), List.of(I32)), (memory, args) -> 7),
			new Function("echo_i32", type(List.of(I32), List.of(I32)), (memory, args) -> args[0]),
			new Function("echo_i64", type(List.of(I64), List.of(I64)), (memory, args) -> args[0]),
			new Function("echo_f32", type(List.of(F32), List.of(F32)), (memory, args) -> args[0]),
			new Function("echo_f64", type(List.of(F64), List.of(F64)), (memory, args) -> args[0]),
			new Function("negate", type(List.of(I32), List.of(I32)), (memory, args) -> -(int) args[0]),
			new Function("text_length", type(List.of(I32, I32), List.of(I32)),
					(memory, args) -> new String(memory.read((int) args[0], (int) args[1]), StandardCharsets.UTF_8)
						.length()),
			new Function("bytes_sum", type(List.of(I32, I32), List.of(I32)), (memory, args) -> {
				int sum = 0;
				for (byte b : memory.read((int) args[0], (int) args[1])) {
					sum += b & 0xFF;
				}
				return sum;
			}),
			// an empty answer: (ptr 0 << 32) | len 0
			new Function("greet", type(List.of(I32, I32), List.of(I64)), (memory, args) -> 0),
			new Function("fail", type(List.of(), List.of()), (memory, args) -> {
				throw new IllegalStateException("env.fail was called");
			}));

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

	private HostImports() {
	}

	private static WasmFunctionType type(List<WasmValueType> params, List<WasmValueType> results) {
		return WasmFunctionType.of(params, results);
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
					throw new IllegalStateException(exercise.export() + " returned " + result + " instead of "
							+ exercise.expected());
				}
			}
		}
	}

}
