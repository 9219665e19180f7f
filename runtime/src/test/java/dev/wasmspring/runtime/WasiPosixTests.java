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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.wasi.WasiConfig;
import dev.wasmspring.runtime.wasi.WasmCommandResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * File-system behaviour that programs built on wasi-libc rely on, each case checked by a
 * C program of ours ({@code testing-wasm/src/wasi-posix.c}) inside a WASI directory:
 * {@code O_APPEND} with reading and with {@code O_TRUNC}, switched by {@code fcntl}, and
 * with {@code pwrite}; {@code link} onto a dangling link; {@code symlink} to a name with
 * a trailing slash, and link text kept as written and read back whole; times set on a
 * link itself, and to the nanosecond; renames over files and non-empty directories; and
 * rights dropped with {@code fd_fdstat_set_rights}. Where the engine's own WASI functions
 * get these wrong, the runtime answers for them; the last test shows that the same
 * program fails them on the engine's WASI alone, so the cases can tell.
 */
class WasiPosixTests {

	private static final List<String> CASES = List.of("append-truncate", "append-read", "append-toggle",
			"pwrite-append", "link-onto-dangling", "symlink-trailing-slash", "times-nofollow", "times-nanoseconds",
			"rename", "rights", "symlink-text");

	private static final CompilationCache cache = CompilationCache.create();

	private static CompiledModule compiled;

	private final WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build();

	@TempDir
	Path directory;

	@BeforeAll
	static void compileOnce() {
		compiled = cache.compile(TestModules.bytes("wasi-posix.wasm"), WasmEngine.COMPILER, null, "wasi-posix.wasm");
	}

	@AfterAll
	static void release() {
		compiled.close();
	}

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "append-truncate", "append-read", "append-toggle", "pwrite-append", "link-onto-dangling",
			"symlink-trailing-slash", "times-nofollow", "times-nanoseconds", "rename", "rights", "symlink-text" })
	void caseBehavesAsPosixSays(String name) {
		WasmCommandResult result = run(name);
		assertThat(result.stdout()).isEqualTo("ok " + name + "\n");
		assertThat(result.exitCode()).isZero();
	}

	@Test
	void whatTheGuestWroteIsWhatTheHostSees() throws IOException {
		assertThat(run("append-toggle").exitCode()).isZero();
		assertThat(Files.readString(this.directory.resolve("log"))).isEqualTo("baaac");
		assertThat(run("rename").exitCode()).isZero();
		assertThat(Files.readString(this.directory.resolve("b"))).isEqualTo("first");
		assertThat(this.directory.resolve("dst")).isDirectory();
		assertThat(this.directory.resolve("src")).doesNotExist();
	}

	@Test
	void timesSetOnALinkAreTheLinksOwnOnTheHost() throws IOException {
		assertThat(run("times-nofollow").exitCode()).isZero();
		Path link = this.directory.resolve("link");
		FileTime linkTime = (FileTime) Files.getAttribute(link, "lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
		assertThat(linkTime.to(TimeUnit.SECONDS)).isEqualTo(1_500_000_000L);
		assertThat(Files.isSymbolicLink(link)).isTrue();
	}

	@Test
	void timesKeepTheirNanosecondsOnTheHost() throws IOException {
		assertThat(run("times-nanoseconds").exitCode()).isZero();
		FileTime time = Files.getLastModifiedTime(this.directory.resolve("file"));
		assertThat(time.to(TimeUnit.NANOSECONDS)).isEqualTo(1_700_000_000_987_654_321L);
	}

	@Test
	void aCaseThatFailsIsReportedSoTheCasesCanTell() {
		WasmCommandResult result = run("no-such-case");
		assertThat(result.exitCode()).isEqualTo(2);
	}

	@Test
	void theEngineWasiAloneFailsTheCasesTheRuntimeAnswersFor() throws IOException {
		// the same program on the engine's own WASI with a plain preopened directory:
		// these are the cases
		// the runtime corrects, so each of its tests above could fail
		List<String> failing = new java.util.ArrayList<>();
		for (String name : CASES) {
			Path fresh = Files.createDirectory(this.directory.resolve("bare-" + name));
			if (runOnEngineWasi(name, fresh) != 0) {
				failing.add(name);
			}
		}
		// times-nanoseconds passes there: the JDK keeps nanoseconds on a plain path (the
		// sandbox's walked
		// directories need the runtime's own way)
		assertThat(failing).containsExactly("append-truncate", "append-read", "append-toggle", "pwrite-append",
				"link-onto-dangling", "symlink-trailing-slash", "times-nofollow", "rename", "rights", "symlink-text");
	}

	private WasmCommandResult run(String name) {
		this.runtime.define(TestModules.definition("posix", "wasi-posix.wasm")
			.withWasi(WasiConfig.enabled()
				.withArguments(List.of("wasi-posix", name, "/work"))
				.withStdout(WasiConfig.Output.CAPTURE)
				.withStderr(WasiConfig.Output.CAPTURE)
				.withDirectory("/work", this.directory, false)));
		try (WasmInstance instance = this.runtime.newInstance("posix")) {
			return instance.runCommand();
		}
		finally {
			this.runtime.remove("posix");
		}
	}

	private static int runOnEngineWasi(String name, Path directory) {
		ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		WasiOptions options = WasiOptions.builder()
			.withArguments(List.of("wasi-posix", name, "/work"))
			.withStdout(stdout)
			.withDirectory("/work", directory)
			.build();
		try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
			Instance.builder(Parser.parse(TestModules.bytes("wasi-posix.wasm")))
				.withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
				.build();
			return 0;
		}
		catch (WasiExitException ex) {
			return ex.exitCode();
		}
		finally {
			assertThat(stdout.toString(StandardCharsets.UTF_8)).contains(name);
		}
	}

}
