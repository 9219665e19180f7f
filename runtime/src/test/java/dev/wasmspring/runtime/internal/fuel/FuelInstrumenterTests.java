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

package dev.wasmspring.runtime.internal.fuel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmspring.runtime.TestModules;
import dev.wasmspring.runtime.internal.fuel.FuelInstrumenter.Metered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rewrite on its own: bytes in, bytes out, run on the engine's interpreter to count
 * what the rewritten code charges.
 */
class FuelInstrumenterTests {

	private static final Metered FUEL = FuelInstrumenter.instrument(TestModules.bytes("fuel.wasm"));

	private static final Metered PACKED = FuelInstrumenter.instrument(TestModules.bytes("fuel-packing.wasm"));

	@Test
	void straightLineCodeIsChargedOneUnitPerInstruction() {
		Run run = run("straight", 1000);
		assertThat(run.results()).containsExactly(5);
		assertThat(run.consumed()).isEqualTo(4);
	}

	@Test
	void aLoopPaysForEachIteration() {
		for (int n : new int[] { 0, 1, 10, 1000 }) {
			Run run = run("count", 1_000_000, n);
			assertThat(run.results()).containsExactly(n);
			assertThat(run.consumed()).isEqualTo(9L * n + 8);
		}
	}

	@Test
	void aRunawayLoopStopsAtItsBudgetAndSaysItRanOut() {
		for (long budget : new long[] { 0, 1, 100, 12_345 }) {
			Run run = run("forever", budget);
			assertThat(run.trapped()).isTrue();
			assertThat(run.exhausted()).isTrue();
			// the loop instruction, then one branch per iteration until the fuel is
			// negative
			assertThat(run.consumed()).isEqualTo(budget + 1);
		}
	}

	@Test
	void recursionWithoutLoopsIsStoppedAtFunctionEntry() {
		// each call is charged its seven instructions at entry, the call among them
		Run run = run("deep", 1000, 0);
		assertThat(run.exhausted()).isTrue();
		// the 143rd call is the first whose charge leaves less than nothing
		assertThat(run.consumed()).isEqualTo(143 * 7);
	}

	@Test
	void theGuestsOwnTrapIsNotTakenForRunningOutOfFuel() {
		// the entry's run costs 1; the runs after it are charged but not checked
		Run run = run("abort", 1);
		assertThat(run.trapped()).isTrue();
		assertThat(run.remaining()).isNegative();
		assertThat(run.exhausted()).isFalse();
	}

	@Test
	void bulkMemoryOperationsAreChargedPerEightBytes() {
		assertThat(run("fill", 1_000_000, 0).consumed()).isEqualTo(7);
		assertThat(run("fill", 1_000_000, 800).consumed()).isEqualTo(7 + 100);
		assertThat(run("fill", 1_000_000, 65536).consumed()).isEqualTo(7 + 8192);
		assertThat(run("fill", 1_000_000, 65536).results()).containsExactly(1);
	}

	@Test
	void tableOperationsAreChargedPerElement() {
		Run run = run("table_fill", 1000, 3);
		assertThat(run.results()).containsExactly(4);
		assertThat(run.consumed()).isEqualTo(6 + 3);
	}

	@Test
	void callsAreChargedInTheCallee() {
		// i32.const, call_indirect, end; then the callee's four
		assertThat(run("indirect", 1000).consumed()).isEqualTo(3 + 4);
	}

	@Test
	void aCallOfTheModulesOwnFunctionPassesTheCountAsAnArgument() {
		WasmModule before = Parser.parse(TestModules.bytes("fuel.wasm"));
		WasmModule after = Parser.parse(FUEL.bytes());
		int defined = before.functionSection().functionCount();
		int fib = exportedFunction(after, "fib");
		int counting = fib + defined;
		// the export keeps its index and type: an entry point reading the count from
		// the global and calling the counting function
		assertThat(after.functionSection().getFunctionType(fib, after.typeSection()).params())
			.containsExactly(ValType.I64);
		assertThat(instructions(after, fib)).contains(OpCode.GLOBAL_GET);
		// the counting function takes the count as its last parameter; the recursion
		// passes it along and takes it back from the packed i64 result, reading the
		// globals only when the result or the count did not fit (if; global.get $fuel;
		// local.set; global.get $spill; else)
		assertThat(after.functionSection().getFunctionType(counting, after.typeSection()).params())
			.containsExactly(ValType.I64, ValType.I64);
		List<AnnotatedInstruction> body = after.codeSection().getFunctionBody(counting).instructions();
		List<Long> callees = body.stream()
			.filter((instruction) -> instruction.opcode() == OpCode.CALL)
			.map((instruction) -> instruction.operand(0))
			.toList();
		assertThat(callees).containsExactly((long) counting, (long) counting);
		int reads = 0;
		for (int i = 0; i < body.size(); i++) {
			if (body.get(i).opcode() == OpCode.GLOBAL_GET) {
				reads++;
				OpCode before1 = body.get(i - 1).opcode();
				assertThat(before1 == OpCode.IF
						|| (before1 == OpCode.LOCAL_SET && body.get(i - 2).opcode() == OpCode.GLOBAL_GET))
					.as("global.get %d is in the branch taken when the result did not fit", i)
					.isTrue();
			}
		}
		assertThat(reads).isEqualTo(4);
		assertThat(run("fib", 1_000_000, 10).results()).containsExactly(55L);
	}

	@Test
	void onlyFunctionsThatLoopOrCallCheckTheFuelAtTheirEntry() {
		WasmModule after = Parser.parse(FUEL.bytes());
		int defined = Parser.parse(TestModules.bytes("fuel.wasm")).functionSection().functionCount();
		// a check ends in unreachable when the fuel is negative
		assertThat(instructions(after, exportedFunction(after, "straight") + defined))
			.doesNotContain(OpCode.UNREACHABLE);
		assertThat(instructions(after, exportedFunction(after, "early") + defined)).doesNotContain(OpCode.UNREACHABLE);
		assertThat(instructions(after, exportedFunction(after, "fib") + defined)).contains(OpCode.UNREACHABLE);
		assertThat(instructions(after, exportedFunction(after, "count") + defined)).contains(OpCode.UNREACHABLE);
		// unchecked, it is charged all the same
		assertThat(run("straight", 1000).consumed()).isEqualTo(4);
	}

	@Test
	void aTrapOfTheGuestsOwnLeavesTheCountWhereItLastWentThroughTheGlobal() {
		// no write of the global before an instruction that can trap: it would make
		// metered loops that access memory more than twice as slow (benchmarks/FUEL.md)
		Run divided = run("divide", 1000, 0);
		assertThat(divided.trapped()).isTrue();
		assertThat(divided.exhausted()).isFalse();
		// a function of fixed cost is charged before it runs (by its entry point here,
		// by its callers' runs elsewhere): all four of its instructions
		assertThat(divided.consumed()).isEqualTo(4);
		Run loaded = run("count_then_load", 1000, 10);
		assertThat(loaded.trapped()).isTrue();
		assertThat(loaded.consumed()).isZero();
	}

	@Test
	void aFunctionWhoseResultIsOneI32OrNothingReturnsItsCountWithIt() {
		WasmModule before = Parser.parse(TestModules.bytes("fuel-packing.wasm"));
		WasmModule after = Parser.parse(PACKED.bytes());
		int defined = before.functionSection().functionCount();
		for (String export : List.of("mul_packed", "hash_packed", "bumps")) {
			int counting = exportedFunction(after, export) + defined;
			// one i64 result: the count in the high half, the i32 result in the low half
			assertThat(after.functionSection().getFunctionType(counting, after.typeSection()).returns())
				.containsExactly(ValType.I64);
		}
		// the callers take the count back from the result: they read the global only
		// when the count did not fit in the half (if; global.get; local.set; else)
		for (String caller : List.of("hash_packed", "bumps")) {
			List<AnnotatedInstruction> body = after.codeSection()
				.getFunctionBody(exportedFunction(after, caller) + defined)
				.instructions();
			List<Integer> reads = new java.util.ArrayList<>();
			for (int i = 0; i < body.size(); i++) {
				if (body.get(i).opcode() == OpCode.GLOBAL_GET && body.get(i).operand(0) == PACKED.fuelGlobal()) {
					reads.add(i);
					assertThat(body.get(i - 1).opcode()).as("%s, instruction before global.get %d", caller, i)
						.isEqualTo(OpCode.IF);
				}
			}
			assertThat(reads).as(caller).hasSize(1);
		}
		for (int n : new int[] { 0, 1, 100 }) {
			Run hashed = run(PACKED, "hash_packed", 1_000_000, n);
			assertThat(hashed.consumed()).isEqualTo(18L * n + 9);
			Run bumped = run(PACKED, "bumps", 1_000_000, n);
			assertThat(bumped.results()).containsExactly(n);
			assertThat(bumped.consumed()).isEqualTo(14L * n + 7);
		}
		assertThat(run(PACKED, "mul_packed", 1000, 6, 7).results()).containsExactly(42);
		assertThat(run(PACKED, "mul_packed", 1000, 6, 7).consumed()).isEqualTo(4);
	}

	@Test
	void anI64ResultThatFitsInTheLowHalfTravelsWithItsCountAndOneThatDoesNotThroughAGlobal() {
		WasmModule before = Parser.parse(TestModules.bytes("fuel-packing.wasm"));
		WasmModule after = Parser.parse(PACKED.bytes());
		int defined = before.functionSection().functionCount();
		for (String export : List.of("widen", "widens", "wides")) {
			assertThat(after.functionSection()
				.getFunctionType(exportedFunction(after, export) + defined, after.typeSection())
				.returns()).as(export).containsExactly(ValType.I64);
		}
		// the caller reads the globals only in the branch taken when the result did not
		// fit: the fuel left, then the result from the global after the fuel's flag
		List<AnnotatedInstruction> body = after.codeSection()
			.getFunctionBody(exportedFunction(after, "widens") + defined)
			.instructions();
		List<Long> read = new java.util.ArrayList<>();
		for (int i = 0; i < body.size(); i++) {
			if (body.get(i).opcode() == OpCode.GLOBAL_GET) {
				read.add(body.get(i).operand(0));
			}
		}
		assertThat(read).containsExactly((long) PACKED.fuelGlobal(),
				(long) PACKED.fuelGlobal() + FuelInstrumenter.SPILL_AFTER_FUEL);
		Instance plain = Instance.builder(before).build();
		long[][] calls = { { 100, 0 }, { 100, 31 }, { 100, 32 }, { 100, 40 }, { 3, 63 }, { 0, 40 } };
		for (long[] call : calls) {
			Run widened = run(PACKED, "widens", 1_000_000, call);
			assertThat(widened.results()).as("widens%s", java.util.Arrays.toString(call))
				.containsExactly(plain.export("widens").apply(call)[0]);
			assertThat(widened.consumed()).isEqualTo(20L * call[0] + 7);
		}
		assertThat(run(PACKED, "widens", 1_000_000, 100, 40).results()).containsExactly(5050L << 40);
		assertThat(run(PACKED, "widens", 1_000_000, 2, 63).results()).containsExactly(Long.MIN_VALUE);
		assertThat(run(PACKED, "wides", 1_000_000, 100).results()).containsExactly(5050L << 40);
		assertThat(run(PACKED, "wides", 1_000_000, 100).consumed()).isEqualTo(20L * 100 + 11);
		assertThat(run(PACKED, "widen", 1000, -1L, 0).results()).containsExactly(-1L);
		assertThat(run(PACKED, "widen", 1000, -1L, 0).consumed()).isEqualTo(5);
		// a count too large for the half takes the same way, with the result
		Metered small = FuelInstrumenter.instrument(TestModules.bytes("fuel-packing.wasm"), 10);
		assertThat(run(small, "wides", 1_000_000, 100).results()).containsExactly(5050L << 40);
		assertThat(run(small, "widens", 1_000_000, 100, 0).results()).containsExactly(5050L);
		assertThat(run(small, "widens", 1_000_000, 100, 0).consumed()).isEqualTo(20L * 100 + 7);
	}

	@Test
	void aFunctionOfFixedCostIsChargedWithItsCallersRunAndRunsItsOwnCode() {
		WasmModule before = Parser.parse(TestModules.bytes("fuel-packing.wasm"));
		WasmModule after = Parser.parse(PACKED.bytes());
		int defined = before.functionSection().functionCount();
		int mul = exportedFunction(before, "mul");
		// its second function is its own code, of its own type, unchanged
		assertThat(after.functionSection().getFunctionType(mul + defined, after.typeSection()))
			.isEqualTo(before.functionSection().getFunctionType(mul, before.typeSection()));
		assertThat(instructions(after, mul + defined)).isEqualTo(instructions(before, mul));
		// its caller calls that code without the count and reads no global: the callee
		// is charged with the caller's own instructions
		List<AnnotatedInstruction> hash = after.codeSection()
			.getFunctionBody(exportedFunction(after, "hash") + defined)
			.instructions();
		assertThat(hash.stream().filter((instruction) -> instruction.opcode() == OpCode.CALL))
			.extracting((instruction) -> instruction.operand(0))
			.containsExactly((long) mul + defined);
		assertThat(hash).extracting(AnnotatedInstruction::opcode).doesNotContain(OpCode.GLOBAL_GET);
		// the same counts as when it counted for itself, and the same results
		for (int n : new int[] { 0, 1, 100 }) {
			Run hashed = run(PACKED, "hash", 1_000_000, n);
			assertThat(hashed.consumed()).isEqualTo(18L * n + 9);
			assertThat(hashed.results()).isEqualTo(run(PACKED, "hash_packed", 1_000_000, n).results());
		}
		// called from outside, its entry point charges it
		assertThat(run(PACKED, "mul", 1000, 6, 7).results()).containsExactly(42);
		assertThat(run(PACKED, "mul", 1000, 6, 7).consumed()).isEqualTo(4);
		// a loop of calls of it still stops at its budget
		Run stopped = run(PACKED, "hash", 1000, 1_000_000);
		assertThat(stopped.exhausted()).isTrue();
		assertThat(stopped.consumed()).isBetween(1001L, 1000L + 18);
	}

	@Test
	void aPackedI32ResultIsTheLow32BitsOfTheOriginals() {
		// the engine's interpreter multiplies i32 values as 64-bit ones: the original
		// module can answer an i32 with other bits above its low 32 (counter.wasm's
		// checksum did), the metered one answers the low 32 bits alone
		Instance plain = Instance.builder(Parser.parse(TestModules.bytes("fuel-packing.wasm"))).build();
		long[][] calls = { { -2128831035, 16777619 }, { 100 }, { 0 } };
		String[] exports = { "mul_packed", "hash_packed", "hash_packed" };
		for (int i = 0; i < calls.length; i++) {
			long original = plain.export(exports[i]).apply(calls[i])[0];
			assertThat(run(PACKED, exports[i], 1_000_000, calls[i]).results()).as("%s", exports[i])
				.containsExactly((int) original);
		}
		assertThat(run(PACKED, "hash_packed", 1_000_000, 100).results()).containsExactly(-1881906411);
	}

	@Test
	void aCountTooLargeForTheHalfGoesThroughTheGlobal() {
		// at most 10 units packed: every hash call but the shortest hands its count over
		// through the global, and the counts stay the same
		Metered small = FuelInstrumenter.instrument(TestModules.bytes("fuel-packing.wasm"), 10);
		for (int n : new int[] { 0, 1, 100 }) {
			Run hashed = run(small, "hash_packed", 1_000_000, n);
			assertThat(hashed.results()).isEqualTo(run(PACKED, "hash_packed", 1_000_000, n).results());
			assertThat(hashed.consumed()).isEqualTo(18L * n + 9);
			assertThat(run(small, "bumps", 1_000_000, n).consumed()).isEqualTo(14L * n + 7);
		}
	}

	@Test
	void aPackedFunctionsCallerStopsAtItsBudget() {
		Run stopped = run(PACKED, "hash_packed", 1000, 1_000_000);
		assertThat(stopped.trapped()).isTrue();
		assertThat(stopped.exhausted()).isTrue();
		// the loop's check sees what the callee consumed
		assertThat(stopped.consumed()).isBetween(1001L, 1000L + 18);
	}

	private static int exportedFunction(WasmModule module, String name) {
		for (int i = 0; i < module.exportSection().exportCount(); i++) {
			if (module.exportSection().getExport(i).name().equals(name)) {
				return module.exportSection().getExport(i).index();
			}
		}
		throw new IllegalArgumentException(name);
	}

	private static List<OpCode> instructions(WasmModule module, int function) {
		return module.codeSection()
			.getFunctionBody(function)
			.instructions()
			.stream()
			.map(AnnotatedInstruction::opcode)
			.toList();
	}

	@Test
	void aBranchToTheFunctionsOwnLabelHandsTheCountOver() {
		Run left = run("early", 1000, 1);
		assertThat(left.results()).containsExactly(7);
		assertThat(left.consumed()).isEqualTo(3);
		Run stayed = run("early", 1000, 0);
		assertThat(stayed.results()).containsExactly(9);
		assertThat(stayed.consumed()).isEqualTo(6);
		Run leftByTable = run("table_out", 1000, 2);
		assertThat(leftByTable.results()).containsExactly(5);
		assertThat(leftByTable.consumed()).isEqualTo(4);
		Run stayedByTable = run("table_out", 1000, 0);
		assertThat(stayedByTable.results()).containsExactly(6);
		assertThat(stayedByTable.consumed()).isEqualTo(7);
	}

	@Test
	void callsInALoopCountTheCalleesWorkInTheCallersCount() {
		for (int n : new int[] { 1, 2, 100 }) {
			Run run = run("calls", 1_000_000, n);
			assertThat(run.results()).containsExactly(5L * n);
			assertThat(run.consumed()).isEqualTo(14L * n + 4);
		}
		// the loop's check sees what the callee consumed
		Run stopped = run("calls", 1000, 1000);
		assertThat(stopped.exhausted()).isTrue();
		assertThat(stopped.consumed()).isBetween(1001L, 1000L + 14);
	}

	@Test
	void theModulesOwnGlobalsKeepTheirIndices() {
		assertThat(FUEL.fuelGlobal()).isEqualTo(1);
		assertThat(FUEL.exhaustedGlobal()).isEqualTo(2);
		assertThat(run("seven", 100).results()).containsExactly(7);
	}

	@Test
	void aModuleWithoutGlobalsGetsAGlobalSectionInItsPlace() {
		Metered metered = FuelInstrumenter.instrument(TestModules.bytes("add.wasm"));
		WasmModule module = Parser.parse(metered.bytes());
		assertThat(module.globalSection().globalCount()).isEqualTo(3);
		assertThat(metered.fuelGlobal()).isZero();
		Instance instance = Instance.builder(module).build();
		instance.global(0).setValue(100);
		assertThat(instance.export("add").apply(2, 3)).containsExactly(5);
		assertThat(instance.global(0).getValue()).isLessThan(100).isGreaterThan(90);
	}

	@Test
	void rewritingIsDeterministic() {
		assertThat(FuelInstrumenter.instrument(TestModules.bytes("fuel.wasm")).bytes()).isEqualTo(FUEL.bytes());
	}

	@ParameterizedTest
	@MethodSource("everyModule")
	void everyModuleOfTheProjectIsStillValidWhenRewritten(Path file) throws IOException {
		byte[] original = Files.readAllBytes(file);
		Metered metered = FuelInstrumenter.instrument(original);
		WasmModule before = Parser.parse(original);
		WasmModule after = Parser.parse(metered.bytes());
		// each function of the module becomes an entry point and a counting function
		assertThat(after.functionSection().functionCount()).isEqualTo(2 * before.functionSection().functionCount());
		assertThat(after.importSection().importCount()).isEqualTo(before.importSection().importCount());
		assertThat(after.exportSection().exportCount()).isEqualTo(before.exportSection().exportCount());
		assertThat(after.globalSection().globalCount()).isEqualTo(before.globalSection().globalCount() + 3);
		assertThat(after.dataSection().dataSegmentCount()).isEqualTo(before.dataSection().dataSegmentCount());
	}

	static Stream<Path> everyModule() throws IOException {
		List<Path> folders = List.of(Path.of("../testing-wasm/wasm"),
				Path.of("../sample-app/src/main/resources/plugins"));
		return folders.stream().flatMap((folder) -> {
			try {
				return Files.list(folder)
					.filter((file) -> file.toString().endsWith(".wasm"))
					.sorted()
					.toList()
					.stream();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	@Test
	void bytesThatAreNoModuleAreRefused() {
		assertThatExceptionOfType(FuelInstrumenter.UnsupportedModuleException.class)
			.isThrownBy(() -> FuelInstrumenter.instrument("(module)".getBytes()))
			.withMessageContaining("header");
		byte[] cut = TestModules.bytes("fuel.wasm");
		assertThatExceptionOfType(FuelInstrumenter.UnsupportedModuleException.class)
			.isThrownBy(() -> FuelInstrumenter.instrument(java.util.Arrays.copyOf(cut, cut.length - 20)));
	}

	private static Run run(String export, long budget, long... args) {
		return run(FUEL, export, budget, args);
	}

	private static Run run(Metered metered, String export, long budget, long... args) {
		Instance instance = Instance.builder(Parser.parse(metered.bytes())).build();
		instance.global(metered.fuelGlobal()).setValue(budget);
		long[] results = null;
		boolean trapped = false;
		try {
			results = instance.export(export).apply(args);
		}
		catch (RuntimeException ex) {
			trapped = true;
		}
		long remaining = instance.global(metered.fuelGlobal()).getValue();
		boolean exhausted = instance.global(metered.exhaustedGlobal()).getValue() != 0;
		return new Run(results, trapped, exhausted, budget - remaining, remaining);
	}

	record Run(long[] results, boolean trapped, boolean exhausted, long consumed, long remaining) {
	}

}
