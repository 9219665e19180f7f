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

package dev.wasmspring.runtime.internal.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.wasmspring.runtime.TestModules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The name section and DWARF line table of traces.c, built with DWARF 4, DWARF 5 and
 * stripped, and of damaged copies.
 */
class GuestSymbolsTests {

	@Test
	void namesComeFromTheNameSection() {
		GuestSymbols symbols = read("traces.wasm");
		assertThat(symbols.hasNames()).isTrue();
		assertThat(symbols.importedFunctions()).isEqualTo(2);
		assertThat(names(symbols)).contains("divide", "share", "split", "read_at", "descend", "abort");
		assertThat(symbols.functionName(100_000)).isEqualTo("func[100000]");
	}

	@Test
	void functionsComeFromTheirSourceFiles() {
		GuestSymbols symbols = read("traces.wasm");
		assertThat(symbols.hasLines()).isTrue();
		assertThat(symbols.file(index(symbols, "divide"))).isEqualTo("traces.c");
		assertThat(symbols.file(index(symbols, "abort"))).isEqualTo("abort.c");
		// an imported function has no code
		assertThat(symbols.file(0)).isNull();
	}

	@Test
	void dwarf4AndDwarf5GiveTheSameLines() {
		byte[] version4 = TestModules.bytes("traces.wasm");
		byte[] version5 = TestModules.bytes("traces-dwarf5.wasm");
		GuestSymbols four = read("traces.wasm");
		GuestSymbols five = read("traces-dwarf5.wasm");
		assertThat(Arrays.copyOf(version5, 4096)).isEqualTo(Arrays.copyOf(version4, 4096));
		int found = 0;
		for (int offset = 0; offset < 4096; offset++) {
			DwarfLineTable.Position position = four.position(offset);
			assertThat(five.position(offset)).isEqualTo(position);
			if (position != null && position.file().equals("traces.c")) {
				found++;
			}
		}
		assertThat(found).isPositive();
	}

	@Test
	void everyLineOfTheTrapsIsInTheTable() {
		GuestSymbols symbols = read("traces.wasm");
		Set<Integer> lines = new TreeSet<>();
		for (int offset = 0; offset < TestModules.bytes("traces.wasm").length; offset++) {
			DwarfLineTable.Position position = symbols.position(offset);
			if (position != null && position.file().equals("traces.c")) {
				lines.add(position.line());
			}
		}
		assertThat(lines).contains(19, 23, 28, 32, 37, 42, 48, 56, 63, 69, 76, 81);
	}

	@Test
	void strippedModuleHasNeitherNamesNorLines() {
		GuestSymbols symbols = read("traces-stripped.wasm");
		assertThat(symbols.hasNames()).isFalse();
		assertThat(symbols.hasLines()).isFalse();
		assertThat(symbols.functionName(5)).isEqualTo("func[5]");
		assertThat(symbols.file(5)).isNull();
		assertThat(symbols.position(200)).isNull();
	}

	@Test
	void notAModuleHasNoSymbols() {
		assertThat(GuestSymbols.read(new byte[0], 0)).isSameAs(GuestSymbols.NONE);
		assertThat(GuestSymbols.read("not wasm at all".getBytes(), 0)).isSameAs(GuestSymbols.NONE);
		assertThat(GuestSymbols.NONE.functionName(3)).isEqualTo("func[3]");
	}

	@Test
	void damagedModulesNeverFailTheReading() {
		byte[] module = TestModules.bytes("traces.wasm");
		for (int length = 0; length < module.length; length += 89) {
			byte[] truncated = Arrays.copyOf(module, length);
			assertThatNoException().isThrownBy(() -> query(GuestSymbols.read(truncated, 2)));
		}
		// the custom sections (names, DWARF) follow the code: scribble over them
		for (int seed = 0; seed < 40; seed++) {
			byte[] damaged = module.clone();
			Random random = new Random(seed);
			for (int i = 0; i < 64; i++) {
				int at = 8000 + random.nextInt(module.length - 8000);
				damaged[at] = (byte) random.nextInt(256);
			}
			assertThatNoException().isThrownBy(() -> query(GuestSymbols.read(damaged, 2)));
		}
	}

	private static void query(GuestSymbols symbols) {
		for (int function = 0; function < 40; function++) {
			symbols.functionName(function);
			symbols.file(function);
		}
		for (int offset = 0; offset < 8000; offset += 7) {
			symbols.position(offset);
		}
	}

	private static GuestSymbols read(String file) {
		byte[] bytes = TestModules.bytes(file);
		WasmModule module = Parser.parse(bytes);
		return GuestSymbols.read(bytes, module.importSection().count(ExternalType.FUNCTION));
	}

	private static List<String> names(GuestSymbols symbols) {
		List<String> names = new ArrayList<>();
		for (int function = 0; function < 64; function++) {
			names.add(symbols.functionName(function));
		}
		return names;
	}

	private static int index(GuestSymbols symbols, String name) {
		int index = names(symbols).indexOf(name);
		assertThat(index).isNotNegative();
		return index;
	}

}
