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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.wasi.WasiConfig;
import dev.wasmspring.runtime.wasi.WasiInstanceOptions;
import dev.wasmspring.runtime.wasi.WasmCommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each instance of a WASI command can get its own standard input (bytes, text or a
 * stream), arguments, environment and scratch directory, overriding its module's; its
 * output comes back as bytes, optionally merged in the order it was written, or goes to
 * the caller's streams; no standard stream is a terminal.
 */
class WasiInstanceIoTests {

	private static final CompilationCache cache = CompilationCache.create();

	private final WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	private void defineStdinCommand(String... arguments) {
		this.runtime.define(TestModules.definition("stdin", "wasi-stdin.wasm")
			.withWasi(WasiConfig.enabled()
				.withArguments(List.of(arguments))
				.withStdout(WasiConfig.Output.CAPTURE)
				.withStderr(WasiConfig.Output.CAPTURE)));
	}

	private WasmInstance instance(WasiInstanceOptions options) {
		return this.runtime.newInstance("stdin", Map.of(), options);
	}

	@Test
	void commandReadsBinaryStdinAndItsOutputComesBackAsTheSameBytes() {
		defineStdinCommand("wasi-stdin", "cat");
		byte[] input = { (byte) 0xff, (byte) 0xfe, 0, (byte) 0x80, 'x' };
		try (WasmInstance instance = instance(WasiInstanceOptions.none().withStdin(input))) {
			WasmCommandResult result = instance.runCommand();
			assertThat(result.exitCode()).isZero();
			assertThat(result.stdoutBytes()).containsExactly(input);
		}
	}

	@Test
	void stdinCanBeTextOrAStreamAndEachInstanceHasItsOwn() {
		defineStdinCommand("wasi-stdin", "cat");
		try (WasmInstance text = instance(WasiInstanceOptions.none().withStdin("grüße"));
				WasmInstance stream = instance(WasiInstanceOptions.none()
					.withStdin(new ByteArrayInputStream("from a stream".getBytes(StandardCharsets.UTF_8))))) {
			assertThat(text.runCommand().stdout()).isEqualTo("grüße");
			assertThat(stream.runCommand().stdout()).isEqualTo("from a stream");
		}
	}

	@Test
	void withoutStdinTheCommandReadsEndOfInput() {
		defineStdinCommand("wasi-stdin", "cat");
		try (WasmInstance instance = this.runtime.newInstance("stdin")) {
			WasmCommandResult result = instance.runCommand();
			assertThat(result.exitCode()).isZero();
			assertThat(result.stdoutBytes()).isEmpty();
		}
	}

	@Test
	void noStandardStreamIsATerminal() {
		defineStdinCommand("wasi-stdin", "tty");
		try (WasmInstance plain = this.runtime.newInstance("stdin");
				WasmInstance withStdin = instance(WasiInstanceOptions.none().withStdin("x"))) {
			assertThat(plain.runCommand().stdout()).isEqualTo("stdin=0 stdout=0 stderr=0\n");
			assertThat(withStdin.runCommand().stdout()).isEqualTo("stdin=0 stdout=0 stderr=0\n");
		}
	}

	@Test
	void mergedOutputKeepsTheOrderOfBothStreams() {
		defineStdinCommand("wasi-stdin", "order");
		try (WasmInstance instance = instance(WasiInstanceOptions.none().withMergedOutput())) {
			WasmCommandResult result = instance.runCommand();
			assertThat(result.outputText()).isEqualTo("out1\nerr1\nout2\nerr2\n");
			assertThat(result.stdout()).isEqualTo("out1\nout2\n");
			assertThat(result.stderr()).isEqualTo("err1\nerr2\n");
		}
	}

	@Test
	void outputGoesToTheCallersStreams() {
		defineStdinCommand("wasi-stdin", "order");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		try (WasmInstance instance = instance(WasiInstanceOptions.none().withStdout(out).withStderr(err))) {
			WasmCommandResult result = instance.runCommand();
			assertThat(result.stdout()).isEmpty();
		}
		assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out1\nout2\n");
		assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err1\nerr2\n");
	}

	@Test
	void argumentsAndEnvironmentOfAnInstanceOverrideTheModules() {
		this.runtime.define(TestModules.definition("stdin", "wasi-stdin.wasm")
			.withWasi(WasiConfig.enabled()
				.withArguments(List.of("wasi-stdin", "env", "module-arg"))
				.withEnvironment(Map.of("GREETING", "from the module"))
				.withStdout(WasiConfig.Output.CAPTURE)));
		try (WasmInstance own = instance(WasiInstanceOptions.none()
			.withArguments(List.of("cmd", "env", "instance-arg"))
			.withEnvironment(Map.of("GREETING", "from the instance")));
				WasmInstance module = this.runtime.newInstance("stdin")) {
			assertThat(own.runCommand().stdout())
				.isEqualTo("argv[0]=cmd\nargv[1]=env\nargv[2]=instance-arg\nGREETING=from the instance\n");
			assertThat(module.runCommand().stdout())
				.isEqualTo("argv[0]=wasi-stdin\nargv[1]=env\nargv[2]=module-arg\nGREETING=from the module\n");
		}
	}

	@Test
	void scratchDirectoryIsTheInstancesOwnAndRemovedWhenItCloses() throws Exception {
		defineStdinCommand("wasi-stdin", "scratch");
		List<Path> before = scratchDirectories();
		WasmInstance first = instance(WasiInstanceOptions.none().withScratchDirectory("/scratch").withStdin("one"));
		WasmInstance second = instance(WasiInstanceOptions.none().withScratchDirectory("/scratch").withStdin("two"));
		List<Path> created = scratchDirectories().stream().filter((path) -> !before.contains(path)).toList();
		assertThat(created).hasSize(2);
		assertThat(first.runCommand().stdout()).isEqualTo("one");
		assertThat(second.runCommand().stdout()).isEqualTo("two");
		first.close();
		second.close();
		assertThat(created).allSatisfy((path) -> assertThat(path).doesNotExist());
	}

	@Test
	void stdinReachesAReactorsExportsToo() {
		this.runtime.define(TestModules.definition("reactor", "wasi-reactor.wasm").withWasi(WasiConfig.enabled()));
		try (WasmInstance instance = this.runtime.newInstance("reactor", Map.of(),
				WasiInstanceOptions.none().withStdin("12345"))) {
			assertThat(instance.call("stdin_length")).isEqualTo(5);
		}
	}

	private static List<Path> scratchDirectories() throws Exception {
		try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			return files.filter((path) -> path.getFileName().toString().startsWith("wasm-stdin-scratch-")).toList();
		}
	}

}
