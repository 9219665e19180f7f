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

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bytes that cannot become a module fail its definition with a
 * {@link WasmModuleLoadException} whose reason says why, naming the module and its
 * location; modules already defined are left untouched.
 */
class WasmModuleLoadFailureTests {

	private final WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void unreadableLocationIsNotFound() {
		WasmModuleLoadException failure = load(
				WasmModuleDefinition.of("missing", ModuleSource.of("classpath:wasm/missing.wasm", () -> {
					throw new FileNotFoundException("class path resource [wasm/missing.wasm] cannot be opened");
				})));
		assertThat(failure.getReason()).isEqualTo(Reason.NOT_FOUND);
		assertThat(failure.getMessage()).contains("WASM module 'missing' at classpath:wasm/missing.wasm cannot be read",
				"class path resource [wasm/missing.wasm] cannot be opened");
	}

	@Test
	void emptyBytesAreEmpty() {
		assertThat(load("empty", new byte[0]).getReason()).isEqualTo(Reason.EMPTY);
	}

	@Test
	void bytesCutShortAreTruncated() {
		byte[] counter = TestModules.bytes("counter.wasm");
		assertThat(load("cut", Arrays.copyOf(counter, 6)).getReason()).isEqualTo(Reason.TRUNCATED);
		for (int length : new int[] { 9, 20, counter.length / 2, counter.length - 1 }) {
			assertThat(load("cut", Arrays.copyOf(counter, length)).getReason()).as("cut at %d", length)
				.isEqualTo(Reason.TRUNCATED);
		}
	}

	@Test
	void textFormatIsBadMagicAndSaysToCompileIt() {
		WasmModuleLoadException failure = load("text", BrokenModules.text());
		assertThat(failure.getReason()).isEqualTo(Reason.BAD_MAGIC);
		assertThat(failure.getMessage()).contains("WebAssembly text format", "wat2wasm");
	}

	@Test
	void componentIsBadMagicAndSaysItIsNotACoreModule() {
		WasmModuleLoadException failure = load("component", HexFormat.of().parseHex("0061736d0d000100"));
		assertThat(failure.getReason()).isEqualTo(Reason.BAD_MAGIC);
		assertThat(failure.getMessage()).contains("component");
	}

	@Test
	void otherBytesAreBadMagic() {
		WasmModuleLoadException failure = load("zip", HexFormat.of().parseHex("504b0304140000000800"));
		assertThat(failure.getReason()).isEqualTo(Reason.BAD_MAGIC);
		assertThat(failure.getMessage()).contains("found 504b0304", "expected 0061736d01000000");
	}

	@Test
	void unknownSectionIsMalformedAndSaysWhatTheParserFound() {
		WasmModuleLoadException failure = load("malformed", BrokenModules.malformed());
		assertThat(failure.getReason()).isEqualTo(Reason.MALFORMED);
		assertThat(failure.getDetail()).isEqualTo("malformed section id 127");
	}

	@Test
	void truncationSaysWhereTheFileEnds() {
		byte[] counter = TestModules.bytes("counter.wasm");
		WasmModuleLoadException failure = load("cut", Arrays.copyOf(counter, counter.length - 1));
		assertThat(failure.getDetail()).contains("declares", "but the file ends",
				"(" + (counter.length - 1) + " bytes in all)");
	}

	@Test
	void htmlErrorPageIsRecognised() {
		WasmModuleLoadException failure = load("page",
				"<!DOCTYPE html><html><body>404</body></html>".getBytes(StandardCharsets.UTF_8));
		assertThat(failure.getReason()).isEqualTo(Reason.BAD_MAGIC);
		assertThat(failure.getDetail()).startsWith("this looks like HTML or XML");
	}

	@Test
	void typeErrorIsInvalid() {
		WasmModuleLoadException failure = load("invalid", BrokenModules.invalid());
		assertThat(failure.getReason()).isEqualTo(Reason.INVALID);
		assertThat(failure.getMessage()).contains("type mismatch");
	}

	@Test
	void digestMismatchNamesBothDigests() {
		String expected = "0".repeat(64);
		WasmModuleLoadException failure = load(TestModules.definition("pinned", "add.wasm").withSha256(expected));
		assertThat(failure.getReason()).isEqualTo(Reason.DIGEST_MISMATCH);
		assertThat(failure.getMessage()).contains("expected " + expected,
				"found " + CompilationCache.sha256(TestModules.bytes("add.wasm")));
	}

	@Test
	void failedRedefinitionLeavesTheDefinedModuleWorking() {
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		load(WasmModuleDefinition.of("add", ModuleSource.of("broken.wasm", new byte[] { 0, 'a', 's', 'm' })));
		try (WasmInstance instance = this.runtime.newInstance("add")) {
			assertThat(instance.call("add", 2, 3)).isEqualTo(5);
		}
	}

	private WasmModuleLoadException load(String name, byte[] bytes) {
		WasmModuleLoadException failure = load(WasmModuleDefinition.of(name, ModuleSource.of(name + ".wasm", bytes)));
		assertThat(failure.getModuleName()).isEqualTo(name);
		assertThat(failure.getLocation()).isEqualTo(name + ".wasm");
		assertThat(failure.getMessage()).startsWith("WASM module '" + name + "' at " + name + ".wasm ")
			.contains("Action: ");
		return failure;
	}

	private WasmModuleLoadException load(WasmModuleDefinition definition) {
		return assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.runtime.define(definition))
			.actual();
	}

}
