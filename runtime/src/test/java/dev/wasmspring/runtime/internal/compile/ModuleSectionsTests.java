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

package dev.wasmspring.runtime.internal.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.NameCustomSection;
import com.dylibso.chicory.wasm.types.TableImport;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TagType;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import dev.wasmspring.runtime.TestModules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The reader that loads compiled code's module without the engine's parser reads every
 * module of the project (and of the sample), as written and as rewritten for fuel, into
 * exactly what the parser reads: every section, instruction addresses included, and the
 * custom sections.
 */
@Timeout(120)
class ModuleSectionsTests {

	static Stream<Path> everyModule() throws IOException {
		return TestModules.everyModuleFile();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyModule")
	void readsWhatTheParserReads(Path file) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		assertSameAsParser(bytes);
		byte[] metered;
		try {
			metered = BuildTimeCode.metered(bytes);
		}
		catch (IllegalArgumentException ex) {
			// the rewrite for fuel does not support this module: no metered code exists
			return;
		}
		assertSameAsParser(metered);
	}

	@Test
	void leavesTypeFormsBeyondFunctionTypesToTheParser() {
		// a type section holding one recursive group of one function type () -> ()
		byte[] bytes = { 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x4e, 0x01, 0x60, 0x00,
				0x00 };
		String key = ModuleParser.engineKey(BuildTimeCode.digest(bytes));
		assertThatExceptionOfType(ModuleSections.Unsupported.class).isThrownBy(() -> ModuleSections.read(bytes, key))
			.withMessageContaining("type form 78");
		assertThat(ModuleSections.readOrParse(bytes, key)).isEqualTo(ModuleParser.parseWithoutCode(bytes, key));
	}

	private static List<String> tags(TagSection section) {
		List<String> tags = new ArrayList<>();
		for (TagType tag : section.types()) {
			tags.add(tag.attribute() + ":" + tag.typeIdx());
		}
		return tags;
	}

	private static void assertSameAsParser(byte[] bytes) {
		String key = ModuleParser.engineKey(BuildTimeCode.digest(bytes));
		WasmModule parsed;
		try {
			// only bytes the parser accepts with validation ever get compiled code
			ModuleParser.parse(bytes, "module", "test");
			parsed = ModuleParser.parseWithoutCode(bytes, key);
		}
		catch (RuntimeException ex) {
			return;
		}
		WasmModule read = ModuleSections.read(bytes, key);
		assertThat(read.typeSection()).isEqualTo(parsed.typeSection());
		assertThat(read.importSection().importCount()).isEqualTo(parsed.importSection().importCount());
		for (int i = 0; i < parsed.importSection().importCount(); i++) {
			Import expected = parsed.importSection().getImport(i);
			Import actual = read.importSection().getImport(i);
			assertThat(actual).as("import %d: %s", i, expected).hasSameClassAs(expected);
			// the engine compares a table's or global's imported type by identity
			if (expected instanceof TableImport table) {
				TableImport other = (TableImport) actual;
				assertThat(other.module() + "." + other.name()).isEqualTo(table.module() + "." + table.name());
				assertThat(other.entryType()).isEqualTo(table.entryType());
				assertThat(other.limits()).isEqualTo(table.limits());
			}
			else if (expected instanceof GlobalImport global) {
				GlobalImport other = (GlobalImport) actual;
				assertThat(other.module() + "." + other.name()).isEqualTo(global.module() + "." + global.name());
				assertThat(other.type()).isEqualTo(global.type());
				assertThat(other.mutabilityType()).isEqualTo(global.mutabilityType());
			}
			else {
				assertThat(actual).as("import %d: %s", i, expected).isEqualTo(expected);
			}
		}
		assertThat(read.functionSection()).isEqualTo(parsed.functionSection());
		assertThat(read.tableSection()).isEqualTo(parsed.tableSection());
		assertThat(read.memorySection()).isEqualTo(parsed.memorySection());
		assertThat(read.globalSection()).isEqualTo(parsed.globalSection());
		assertThat(read.exportSection()).isEqualTo(parsed.exportSection());
		assertThat(read.startSection()).isEqualTo(parsed.startSection());
		assertThat(read.elementSection()).isEqualTo(parsed.elementSection());
		assertThat(read.codeSection()).isEqualTo(parsed.codeSection());
		assertThat(read.dataSection()).isEqualTo(parsed.dataSection());
		assertThat(read.dataCountSection()).isEqualTo(parsed.dataCountSection());
		// the engine's tag types have no equality of their own
		assertThat(read.tagSection().map(ModuleSectionsTests::tags))
			.isEqualTo(parsed.tagSection().map(ModuleSectionsTests::tags));
		if (parsed.tagSection().isEmpty() && parsed.importSection().count(ExternalType.TABLE) == 0
				&& parsed.importSection().count(ExternalType.GLOBAL) == 0) {
			assertThat(read).isEqualTo(parsed);
		}
		assertThat(read.digest()).isEqualTo(parsed.digest());
		assertThat(read.codeSection().functionBodyCount()).isEqualTo(parsed.functionSection().functionCount());
		List<CustomSection> readCustom = read.customSections();
		List<CustomSection> parsedCustom = parsed.customSections();
		assertThat(readCustom).extracting(CustomSection::name)
			.containsExactlyInAnyOrderElementsOf(parsedCustom.stream().map(CustomSection::name).toList());
		for (CustomSection section : parsedCustom) {
			CustomSection other = read.customSection(section.name());
			assertThat(other).hasSameClassAs(section);
			if (section instanceof UnknownCustomSection unknown) {
				assertThat(((UnknownCustomSection) other).bytes()).isEqualTo(unknown.bytes());
			}
			else if (section instanceof NameCustomSection names) {
				NameCustomSection otherNames = (NameCustomSection) other;
				assertThat(otherNames.moduleName()).isEqualTo(names.moduleName());
				assertThat(otherNames.functionNameCount()).isEqualTo(names.functionNameCount());
				int functions = parsed.importSection().importCount() + parsed.functionSection().functionCount();
				for (int i = 0; i < functions; i++) {
					assertThat(otherNames.nameOfFunction(i)).isEqualTo(names.nameOfFunction(i));
				}
			}
		}
	}

}
