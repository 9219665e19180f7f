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

package dev.wasmspring.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Consumer;

import dev.wasmspring.runtime.BrokenModules;
import dev.wasmspring.runtime.TestModules;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module that cannot be loaded fails the application's startup, and the failure
 * analysis names the module, its location, what is wrong and what to change.
 */
class WasmModuleLoadFailureAnalyzerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false");

	@TempDir
	Path directory;

	@Test
	void analyzerIsRegisteredForSpringBootsFailureAnalysis() {
		// other analyzers on the test classpath need constructor arguments: skip those,
		// look for ours
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {
			}))).hasAtLeastOneElementOfType(WasmModuleLoadFailureAnalyzer.class);
	}

	@Test
	void missingFileNamesTheLocationPropertyAndTheDefaultLocation() {
		this.contextRunner.withPropertyValues("wasm.modules.greeter.location=classpath:wasm/nowhere.wasm")
			.run((context) -> assertAnalysis(context.getStartupFailure(), (analysis) -> {
				assertThat(analysis.getDescription()).startsWith(
						"WASM module 'greeter' at classpath:wasm/nowhere.wasm cannot be read: class path resource "
								+ "[wasm/nowhere.wasm]");
				assertThat(analysis.getAction())
					.startsWith("Check wasm.modules.greeter.location (now 'classpath:wasm/nowhere.wasm').")
					.contains("looked for at classpath:wasm/greeter.wasm");
			}));
	}

	@Test
	void moduleWithoutLocationIsLookedForAtTheDefaultLocation() {
		this.contextRunner.withPropertyValues("wasm.modules.unheard-of.timeout=1s")
			.run((context) -> assertAnalysis(context.getStartupFailure(),
					(analysis) -> assertThat(analysis.getDescription())
						.startsWith("WASM module 'unheard-of' at classpath:wasm/unheard-of.wasm cannot be read")));
	}

	@Test
	void emptyFileSaysSoAndToRebuild() throws IOException {
		String location = file("empty.wasm", new byte[0]);
		this.contextRunner.withPropertyValues("wasm.modules.blank.location=" + location)
			.run((context) -> assertAnalysis(context.getStartupFailure(), (analysis) -> {
				assertThat(analysis.getDescription())
					.isEqualTo("WASM module 'blank' at " + location + " is empty: 0 bytes.");
				assertThat(analysis.getAction()).isEqualTo("The file at " + location
						+ " has no bytes. Rebuild the module and check the step that copies it into place.");
			}));
	}

	@Test
	void truncatedFileSaysWhereItEndsAndToCopyItAgain() throws IOException {
		String location = file("cut.wasm", BrokenModules.truncated());
		this.contextRunner.withPropertyValues("wasm.modules.cut.location=" + location)
			.run((context) -> assertAnalysis(context.getStartupFailure(), (analysis) -> {
				assertThat(analysis.getDescription()).startsWith("WASM module 'cut' at " + location + " is truncated: ")
					.contains("but the file ends");
				assertThat(analysis.getAction()).contains("was cut short", "Copy or rebuild it again");
			}));
	}

	@Test
	void textFormatSaysToCompileItWithWat2wasm() throws IOException {
		String location = file("text.wasm", BrokenModules.text());
		this.contextRunner.withPropertyValues("wasm.modules.text.location=" + location)
			.run((context) -> assertAnalysis(context.getStartupFailure(), (analysis) -> {
				assertThat(analysis.getDescription()).startsWith("WASM module 'text' at " + location
						+ " is not a WebAssembly binary (bad magic number or version): this is WebAssembly text "
						+ "format (.wat); compile it to a binary with wat2wasm");
				assertThat(analysis.getAction())
					.startsWith("Point wasm.modules.text.location at a compiled WebAssembly module (.wasm).");
			}));
	}

	@Test
	void malformedModuleSaysWhatTheParserFoundAndToRebuild() throws IOException {
		String location = file("malformed.wasm", BrokenModules.malformed());
		this.contextRunner.withPropertyValues("wasm.modules.malformed.location=" + location)
			.run((context) -> assertAnalysis(context.getStartupFailure(), (analysis) -> {
				assertThat(analysis.getDescription())
					.isEqualTo("WASM module 'malformed' at " + location + " is malformed: malformed section id 127.");
				assertThat(analysis.getAction()).contains("Rebuild the module", "Maven resource filtering");
			}));
	}

	@Test
	void invalidModuleSaysWhyItDoesNotValidate() throws IOException {
		String location = file("invalid.wasm", BrokenModules.invalid());
		this.contextRunner.withPropertyValues("wasm.modules.invalid.location=" + location)
			.run((context) -> assertAnalysis(context.getStartupFailure(), (analysis) -> {
				assertThat(analysis.getDescription())
					.startsWith("WASM module 'invalid' at " + location + " is not a valid module: type mismatch");
				assertThat(analysis.getAction()).startsWith("Rebuild the module with a current toolchain.");
			}));
	}

	@Test
	void digestMismatchGivesThePropertyValueThatWouldAcceptTheNewFile() throws Exception {
		byte[] add = TestModules.bytes("add.wasm");
		String location = file("add.wasm", add);
		String pinned = "ab".repeat(32);
		String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(add));
		this.contextRunner
			.withPropertyValues("wasm.modules.adder.location=" + location, "wasm.modules.adder.sha256=" + pinned)
			.run((context) -> assertAnalysis(context.getStartupFailure(), (analysis) -> {
				assertThat(analysis.getDescription()).isEqualTo("WASM module 'adder' at " + location
						+ " does not match its pinned SHA-256 digest: expected " + pinned + ", found " + actual + ".");
				assertThat(analysis.getAction())
					.isEqualTo("If the new module at " + location + " is intended, set wasm.modules.adder.sha256="
							+ actual + "; otherwise restore the file the digest was pinned for.");
			}));
	}

	@Test
	void memoryLimitBelowTheInitialMemoryNamesTheProperty() {
		this.contextRunner
			.withPropertyValues("wasm.modules.counter.location=classpath:wasm/counter.wasm",
					"wasm.modules.counter.max-memory=64KB")
			.run((context) -> assertAnalysis(context.getStartupFailure(), (analysis) -> {
				assertThat(analysis.getDescription()).contains("WASM module 'counter'",
						"needs more memory than its memory limit allows", "initial memory of 2 pages");
				assertThat(analysis.getAction()).startsWith("Raise wasm.modules.counter.max-memory");
			}));
	}

	@Test
	void snapshotThatCannotBeTakenNamesTheSnapshotProperty() {
		this.contextRunner
			.withPropertyValues("wasm.modules.counter.location=classpath:wasm/counter.wasm",
					"wasm.modules.counter.snapshot=warm_up")
			.run((context) -> assertAnalysis(context.getStartupFailure(), (analysis) -> {
				assertThat(analysis.getDescription()).contains("WASM module 'counter'", "cannot start from a snapshot",
						"no function 'warm_up'");
				assertThat(analysis.getAction()).startsWith("Set wasm.modules.counter.snapshot=none");
			}));
	}

	@Test
	void snapshotPropertyStartsInstancesFromTheInitialisedState() {
		this.contextRunner
			.withPropertyValues("wasm.modules.counter.location=classpath:wasm/counter.wasm",
					"wasm.modules.counter.snapshot=after-initialize")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				dev.wasmspring.runtime.WasmRuntime runtime = context.getBean(dev.wasmspring.runtime.WasmRuntime.class);
				assertThat(runtime.definition("counter").snapshot())
					.isEqualTo(dev.wasmspring.runtime.module.WasmSnapshot.AFTER_INITIALIZE);
				for (int i = 0; i < 2; i++) {
					try (dev.wasmspring.runtime.WasmInstance instance = runtime.newInstance("counter")) {
						assertThat(instance.call("increment")).isEqualTo(1);
						assertThat(instance.call("fib", 10)).isEqualTo(55L);
					}
				}
			});
	}

	@Test
	void missingWasiDirectoryNamesTheDirectoryProperty() {
		Path missing = this.directory.resolve("absent");
		this.contextRunner
			.withPropertyValues("wasm.modules.files.location=classpath:wasm/wasi-files.wasm",
					"wasm.modules.files.wasi.enabled=true", "wasm.modules.files.wasi.dirs[/data].path=" + missing)
			.run((context) -> assertAnalysis(context.getStartupFailure(), (analysis) -> {
				assertThat(analysis.getDescription()).contains("WASM module 'files'",
						"WASI directory '/data' maps to " + missing + ", which does not exist");
				assertThat(analysis.getAction()).startsWith("Correct wasm.modules.files.wasi.dirs");
			}));
	}

	@Test
	void everyModuleThatFailedIsListed() throws IOException {
		String empty = file("empty.wasm", new byte[0]);
		String text = file("text.wasm", BrokenModules.text());
		this.contextRunner
			.withPropertyValues("wasm.modules.first.location=" + empty, "wasm.modules.second.location=" + text,
					"wasm.modules.fine.location=classpath:wasm/add.wasm")
			.run((context) -> assertAnalysis(context.getStartupFailure(),
					(analysis) -> assertThat(analysis.getDescription()).contains("Other modules failed as well:")
						.contains("WASM module 'first' at " + empty + " is empty")
						.contains("WASM module 'second' at " + text + " is not a WebAssembly binary")
						.doesNotContain("'fine'")));
	}

	private String file(String name, byte[] bytes) throws IOException {
		return "file:" + Files.write(this.directory.resolve(name), bytes);
	}

	private static void assertAnalysis(Throwable startupFailure, Consumer<FailureAnalysis> analysis) {
		assertThat(startupFailure).isNotNull();
		FailureAnalysis result = new WasmModuleLoadFailureAnalyzer().analyze(startupFailure);
		assertThat(result).isNotNull();
		assertThat(result.getCause()).isInstanceOf(WasmModuleLoadException.class);
		analysis.accept(result);
	}

}
