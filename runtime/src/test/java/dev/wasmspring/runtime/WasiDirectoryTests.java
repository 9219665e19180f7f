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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.wasi.WasiConfig;
import dev.wasmspring.runtime.wasi.WasiConfig.Output;
import dev.wasmspring.runtime.wasi.WasmCommandResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A guest reaches only its preopened directories: every attempt to leave them
 * ({@code ..}, absolute paths, symbolic links pointing outside, directly or midway
 * through a path) is refused, and nothing in a read-only directory can be created,
 * changed or removed. Uses wasi-files.wasm, which prints {@code error: <strerror>} and
 * exits 2 when the host refuses.
 */
class WasiDirectoryTests {

	private static final String SECRET = "host secret";

	@TempDir
	Path base;

	private Path data;

	private Path readOnly;

	private Path outside;

	private static final CompilationCache cache = CompilationCache.create();

	// held for the whole class, so that each test's runtime finds wasi-files.wasm
	// compiled
	private static CompiledModule compiled;

	private final WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build();

	@BeforeAll
	static void compileOnce() {
		compiled = cache.compile(TestModules.bytes("wasi-files.wasm"), WasmEngine.COMPILER, null, "wasi-files.wasm");
	}

	@AfterAll
	static void release() {
		compiled.close();
	}

	@BeforeEach
	void layOutHostDirectories() throws IOException {
		this.data = Files.createDirectories(this.base.resolve("data"));
		this.readOnly = Files.createDirectories(this.base.resolve("published"));
		this.outside = Files.createDirectories(this.base.resolve("outside"));
		Files.writeString(this.outside.resolve("secret.txt"), SECRET);
		Files.writeString(this.data.resolve("inside.txt"), "inside");
		Files.createDirectories(this.data.resolve("sub"));
		Files.writeString(this.data.resolve("sub/nested.txt"), "nested");
		Files.writeString(this.readOnly.resolve("notice.txt"), "read me");
		Files.createDirectories(this.readOnly.resolve("docs"));
		// links that stay inside
		Files.createSymbolicLink(this.data.resolve("alias.txt"), Path.of("inside.txt"));
		Files.createSymbolicLink(this.data.resolve("sub/up.txt"), Path.of("../inside.txt"));
		Files.createSymbolicLink(this.data.resolve("absolute-inside.txt"), this.data.resolve("sub/nested.txt"));
		// links that lead out
		Files.createSymbolicLink(this.data.resolve("secret-link"), Path.of("../outside/secret.txt"));
		Files.createSymbolicLink(this.data.resolve("absolute-secret-link"), this.outside.resolve("secret.txt"));
		Files.createSymbolicLink(this.data.resolve("outside-dir"), Path.of("../outside"));
		Files.createSymbolicLink(this.data.resolve("sub/chain"), Path.of("../outside-dir"));
		Files.createSymbolicLink(this.data.resolve("dangling-out"), Path.of("../outside/new.txt"));
		this.runtime.define(TestModules.definition("files", "wasi-files.wasm")
			.withWasi(WasiConfig.enabled()
				.withStdout(Output.CAPTURE)
				.withStderr(Output.CAPTURE)
				.withDirectory("/data", this.data, false)
				.withDirectory("/published", this.readOnly, true)));
	}

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void guestReadsWritesAndListsItsOwnDirectory() throws IOException {
		assertSucceeds(run("read", "/data/inside.txt"), "inside");
		assertSucceeds(run("read", "/data/sub/nested.txt"), "nested");
		assertSucceeds(run("write", "/data/sub/created.txt", "written by the guest"), "");
		assertThat(Files.readString(this.data.resolve("sub/created.txt"))).isEqualTo("written by the guest");
		assertSucceeds(run("list", "/data/sub"), "created.txt\nnested.txt\nup.txt\n");
	}

	@Test
	void symbolicLinksThatStayInsideAreFollowed() {
		assertSucceeds(run("read", "/data/alias.txt"), "inside");
		assertSucceeds(run("read", "/data/sub/up.txt"), "inside");
		assertSucceeds(run("read", "/data/absolute-inside.txt"), "nested");
	}

	@Test
	void dotDotCannotLeaveTheDirectory() {
		assertRefused(run("read", "/data/../outside/secret.txt"), "Operation not permitted");
		assertRefused(run("read", "/data/sub/../../outside/secret.txt"), "Operation not permitted");
		assertRefused(run("list", "/data/.."), "Operation not permitted");
		assertRefused(run("write", "/data/../outside/secret.txt", "overwritten"), "Operation not permitted");
		assertOutsideUntouched();
	}

	@Test
	void absolutePathsOutsideThePreopensAreNotReachable() {
		// no preopened directory holds these paths, so the guest has no capability to
		// open them at all
		assertRefused(run("read", this.outside.resolve("secret.txt").toString()), "Capabilities insufficient");
		assertRefused(run("read", "/etc/hostname"), "Capabilities insufficient");
		assertRefused(run("write", "/tmp/escaped.txt", "x"), "Capabilities insufficient");
		assertThat(Path.of("/tmp/escaped.txt")).doesNotExist();
	}

	@Test
	void symbolicLinksPointingOutsideAreRefused() {
		assertRefused(run("read", "/data/secret-link"), "Operation not permitted");
		assertRefused(run("read", "/data/absolute-secret-link"), "Operation not permitted");
		assertRefused(run("read", "/data/outside-dir/secret.txt"), "Operation not permitted");
		assertRefused(run("read", "/data/sub/chain/secret.txt"), "Operation not permitted");
		assertRefused(run("list", "/data/outside-dir"), "Operation not permitted");
		assertOutsideUntouched();
	}

	@Test
	void writesThroughSymbolicLinksPointingOutsideAreRefused() {
		assertRefused(run("write", "/data/secret-link", "overwritten"), "Operation not permitted");
		assertRefused(run("write", "/data/outside-dir/new.txt", "planted"), "Operation not permitted");
		assertRefused(run("write", "/data/dangling-out", "planted"), "Operation not permitted");
		assertOutsideUntouched();
	}

	@Test
	void listingLeavesOutLinksThatLeadOutsideLikeDanglingOnes() {
		assertSucceeds(run("list", "/data"), "absolute-inside.txt\nalias.txt\ninside.txt\nsub\n");
	}

	@Test
	void readOnlyDirectoryCanBeReadAndListedButNotChanged() throws IOException {
		assertSucceeds(run("read", "/published/notice.txt"), "read me");
		assertSucceeds(run("list", "/published"), "docs\nnotice.txt\n");
		assertRefused(run("write", "/published/notice.txt", "defaced"), "Read-only file system");
		assertRefused(run("write", "/published/new.txt", "planted"), "Read-only file system");
		assertRefused(run("write", "/published/docs/new.txt", "planted"), "Read-only file system");
		assertThat(Files.readString(this.readOnly.resolve("notice.txt"))).isEqualTo("read me");
		try (var entries = Files.list(this.readOnly)) {
			assertThat(entries.map((entry) -> entry.getFileName().toString()).sorted()).containsExactly("docs",
					"notice.txt");
		}
	}

	@Test
	void everyRefusalIsLoggedToTheModulesLogger() throws IOException {
		Logger logger = (Logger) LoggerFactory.getLogger("wasm.files");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			run("read", "/data/outside-dir/secret.txt");
			run("write", "/published/new.txt", "planted");
			run("list", "/data");
		}
		finally {
			logger.detachAppender(appender);
		}
		assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
		assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly(
					"Refused path_open of /data/outside-dir/secret.txt for WASM module 'files' (host path "
							+ this.data.toRealPath().resolve("outside-dir/secret.txt")
							+ "): it leads outside WASI directory /data",
					"Refused path_open of /published/new.txt for WASM module 'files' (host path "
							+ this.readOnly.toRealPath().resolve("new.txt")
							+ "): WASI directory /published is read-only");
	}

	@Test
	void refusedAttemptFailsOnlyThatCommandAndTheNextInstanceWorks() {
		assertRefused(run("read", "/data/secret-link"), "Operation not permitted");
		assertSucceeds(run("read", "/data/inside.txt"), "inside");
	}

	@Test
	void missingDirectoryFailsTheModuleLoadNamingIt() {
		Path missing = this.base.resolve("does-not-exist");
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.runtime.define(TestModules.definition("broken", "wasi-files.wasm")
				.withWasi(WasiConfig.enabled().withDirectory("/data", missing, false))))
			.satisfies((failure) -> {
				assertThat(failure.getReason()).isEqualTo(WasmModuleLoadException.Reason.BAD_WASI_DIRECTORY);
				assertThat(failure.getMessage()).contains("'broken'", "'/data'", missing.toString(), "does not exist");
			});
	}

	@Test
	void readOnlyDirectoryInsideAWritableOneFailsTheModuleLoad() {
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.runtime.define(TestModules.definition("nested", "wasi-files.wasm")
				.withWasi(WasiConfig.enabled()
					.withDirectory("/all", this.base, false)
					.withDirectory("/published", this.readOnly, true))))
			.satisfies((failure) -> {
				assertThat(failure.getReason()).isEqualTo(WasmModuleLoadException.Reason.BAD_WASI_DIRECTORY);
				assertThat(failure.getMessage()).contains("'/published'", "'/all'", "writable");
			});
	}

	private CommandRun run(String... args) {
		List<String> argv = new ArrayList<>(List.of("wasi-files"));
		argv.addAll(List.of(args));
		this.runtime.define(TestModules.definition("files", "wasi-files.wasm")
			.withWasi(this.runtime.definition("files").wasi().withArguments(argv)));
		try (WasmInstance instance = this.runtime.newInstance("files")) {
			return new CommandRun(String.join(" ", args), instance.runCommand());
		}
	}

	private void assertSucceeds(CommandRun run, String stdout) {
		assertThat(run.result.exitCode()).as(run.command + ": " + run.result.stderr()).isZero();
		assertThat(run.result.stdout()).as(run.command).isEqualTo(stdout);
	}

	private void assertRefused(CommandRun run, String error) {
		assertThat(run.result.exitCode()).as(run.command + " exit code").isEqualTo(2);
		assertThat(run.result.stderr()).as(run.command + " error").isEqualTo("error: " + error + "\n");
		assertThat(run.result.stdout()).as(run.command + " output").doesNotContain(SECRET);
	}

	private void assertOutsideUntouched() {
		try (var entries = Files.list(this.outside)) {
			assertThat(entries.map((entry) -> entry.getFileName().toString())).containsExactly("secret.txt");
			assertThat(Files.readString(this.outside.resolve("secret.txt"), StandardCharsets.UTF_8)).isEqualTo(SECRET);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record CommandRun(String command, WasmCommandResult result) {
	}

}
