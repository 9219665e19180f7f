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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.wasi.WasiConfig;
import dev.wasmspring.runtime.wasi.WasiConfig.Output;
import dev.wasmspring.runtime.wasi.WasmCommandResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A WASI guest sees only the arguments and environment it is given; its output goes to
 * the module's logger, nowhere, or a per-instance buffer; its exit code ends the call
 * normally (0) or as a {@link WasmCallException} (EXITED); command modules run through
 * {@link WasmInstance#runCommand()}.
 */
class WasiCommandTests {

	private static final CompilationCache cache = CompilationCache.create();

	// held for the whole class, so that each test's runtime finds the modules compiled
	private static final List<CompiledModule> compiled = new java.util.ArrayList<>();

	private final WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build();

	@BeforeAll
	static void compileOnce() {
		for (String file : List.of("wasi-hello.wasm", "wasi-env.wasm", "wasi-exit.wasm", "wasi-reactor.wasm",
				"wasi-files.wasm")) {
			compiled.add(cache.compile(TestModules.bytes(file), WasmEngine.COMPILER, null, file));
		}
	}

	@AfterAll
	static void release() {
		compiled.forEach(CompiledModule::close);
	}

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void commandSeesItsArgumentsAndConfiguredEnvironmentAndItsOutputIsCaptured() {
		define("hello", "wasi-hello.wasm", captured().withArguments(List.of("hello", "--name", "wörld"))
			.withEnvironment(Map.of("GREETING", "bonjour")));
		try (WasmInstance instance = this.runtime.newInstance("hello")) {
			WasmCommandResult result = instance.runCommand();
			assertThat(result.exitCode()).isZero();
			assertThat(result.stdout())
				.isEqualTo("hello from wasi\narg[0]=hello\narg[1]=--name\narg[2]=wörld\n" + "GREETING=bonjour\n");
			assertThat(result.stderr()).isEqualTo("warn from wasi\n");
			assertThat(instance.capturedStdout()).isEqualTo(result.stdout());
			assertThat(instance.isOpen()).isTrue();
		}
	}

	@Test
	void guestSeesExactlyTheConfiguredEnvironmentAndNothingOfTheHosts() {
		assertThat(System.getenv()).isNotEmpty();
		define("env", "wasi-env.wasm", captured());
		define("env-configured", "wasi-env.wasm", captured().withEnvironment(Map.of("LANG", "C", "TZ", "UTC")));
		try (WasmInstance instance = this.runtime.newInstance("env")) {
			assertThat(instance.runCommand().stdout()).isEqualTo("count=0\n");
		}
		try (WasmInstance instance = this.runtime.newInstance("env-configured")) {
			assertThat(instance.runCommand().stdout()).isEqualTo("LANG=C\nTZ=UTC\ncount=2\n");
		}
	}

	@Test
	void withoutArgumentsTheGuestHasAnEmptyArgv() {
		define("hello", "wasi-hello.wasm", captured());
		try (WasmInstance instance = this.runtime.newInstance("hello")) {
			assertThat(instance.runCommand().stdout()).isEqualTo("hello from wasi\nGREETING unset\n");
		}
	}

	@Test
	void logOutputGoesToTheModulesLoggerLineByLine() {
		Logger logger = (Logger) LoggerFactory.getLogger("wasm.hello-log");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			define("hello-log", "wasi-hello.wasm", WasiConfig.enabled().withArguments(List.of("hello")));
			try (WasmInstance instance = this.runtime.newInstance("hello-log")) {
				WasmCommandResult result = instance.runCommand();
				assertThat(result.exitCode()).isZero();
				assertThat(result.stdout()).isEmpty();
			}
			assertThat(appender.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
				.containsExactly(tuple(Level.INFO, "hello from wasi"), tuple(Level.WARN, "warn from wasi"),
						tuple(Level.INFO, "arg[0]=hello"), tuple(Level.INFO, "GREETING unset"));
		}
		finally {
			logger.detachAppender(appender);
		}
	}

	@Test
	void discardedOutputIsNeitherCapturedNorLogged() {
		Logger logger = (Logger) LoggerFactory.getLogger("wasm.quiet");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			define("quiet", "wasi-hello.wasm",
					WasiConfig.enabled().withStdout(Output.DISCARD).withStderr(Output.DISCARD));
			try (WasmInstance instance = this.runtime.newInstance("quiet")) {
				WasmCommandResult result = instance.runCommand();
				assertThat(result.exitCode()).isZero();
				assertThat(result.stdout()).isEmpty();
				assertThat(result.stderr()).isEmpty();
			}
			assertThat(appender.list).isEmpty();
		}
		finally {
			logger.detachAppender(appender);
		}
	}

	@Test
	void capturedOutputStopsAtTheCaptureLimitAndSaysHowMuchWasDropped() {
		define("hello", "wasi-hello.wasm", captured().withCaptureLimit(10));
		try (WasmInstance instance = this.runtime.newInstance("hello")) {
			// "hello from wasi\nGREETING unset\n" is 31 bytes
			assertThat(instance.runCommand().stdout())
				.isEqualTo("hello from\n[output truncated: 21 more bytes exceeded the capture limit of 10 bytes]\n");
		}
	}

	@Test
	void guestPrintingMegabytesKeepsOnlyTheDefaultCaptureLimit(@TempDir Path directory) throws IOException {
		Files.writeString(directory.resolve("big.txt"), "x".repeat(3 * 1024 * 1024));
		define("files", "wasi-files.wasm", captured().withDirectory("/in", directory, true)
			.withArguments(List.of("wasi-files", "read", "/in/big.txt")));
		try (WasmInstance instance = this.runtime.newInstance("files")) {
			WasmCommandResult result = instance.runCommand();
			assertThat(result.exitCode()).isZero();
			assertThat(result.stdout()).startsWith("xxxx")
				.hasSize(1024 * 1024 + ("\n[output truncated: 2097152 more bytes exceeded the capture limit of "
						+ "1048576 bytes]\n")
					.length())
				.endsWith("x\n[output truncated: 2097152 more bytes exceeded the capture limit of 1048576 bytes]\n");
		}
	}

	@Test
	void loggedLinesLongerThanTheMaximumAreSplit(@TempDir Path directory) throws IOException {
		Files.writeString(directory.resolve("long.txt"), "a".repeat(20_000) + "\nshort\n");
		Logger logger = (Logger) LoggerFactory.getLogger("wasm.long-lines");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			define("long-lines", "wasi-files.wasm",
					WasiConfig.enabled()
						.withDirectory("/in", directory, true)
						.withArguments(List.of("wasi-files", "read", "/in/long.txt")));
			try (WasmInstance instance = this.runtime.newInstance("long-lines")) {
				assertThat(instance.runCommand().exitCode()).isZero();
			}
			assertThat(appender.list).extracting((event) -> event.getFormattedMessage().length())
				.containsExactly(8192, 8192, 3616, 5);
		}
		finally {
			logger.detachAppender(appender);
		}
	}

	@Test
	void runCommandReportsTheOutputOfThatRunOnly() {
		define("hello", "wasi-hello.wasm", captured());
		try (WasmInstance instance = this.runtime.newInstance("hello")) {
			String first = instance.runCommand().stdout();
			WasmCommandResult second = instance.runCommand();
			assertThat(second.stdout()).isEqualTo(first);
			assertThat(instance.capturedStdout()).isEqualTo(first + first);
		}
	}

	@Test
	void nonZeroExitIsReportedByRunCommandWithTheOutputSoFar() {
		define("exit", "wasi-exit.wasm", captured());
		try (WasmInstance instance = this.runtime.newInstance("exit")) {
			WasmCommandResult result = instance.runCommand();
			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(result.stdout()).isEqualTo("exiting with 3\n");
		}
		try (WasmInstance next = this.runtime.newInstance("exit")) {
			assertThat(next.runCommand().exitCode()).isEqualTo(3);
		}
	}

	@Test
	void nonZeroExitFromACallFailsTheCallWithTheExitCode() {
		define("exit", "wasi-exit.wasm", captured());
		try (WasmInstance instance = this.runtime.newInstance("exit")) {
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("_start"))
				.satisfies((thrown) -> assertThat(thrown.getReason()).isEqualTo(WasmCallException.Reason.EXITED))
				.satisfies((exit) -> {
					assertThat(exit.getExitCode()).isEqualTo(3);
					assertThat(exit.getModuleName()).isEqualTo("exit");
					assertThat(exit.getExportName()).isEqualTo("_start");
					assertThat(exit.getMessage()).contains("exited with status 3");
				});
			assertThat(instance.isOpen()).isFalse();
			assertThat(instance.capturedStdout()).isEqualTo("exiting with 3\n");
		}
	}

	@Test
	void exitZeroEndsTheCallNormally() {
		define("hello", "wasi-hello.wasm", captured());
		try (WasmInstance instance = this.runtime.newInstance("hello")) {
			assertThat(instance.call("_start")).isNull();
			assertThat(instance.isOpen()).isTrue();
			assertThat(instance.capturedStdout()).startsWith("hello from wasi\n");
		}
	}

	@Test
	void reactorWritesThroughWasiInsideAnExportCall() {
		define("reactor", "wasi-reactor.wasm", captured());
		try (WasmInstance instance = this.runtime.newInstance("reactor")) {
			assertThat(instance.callText("shout", "quiet please")).isEqualTo("QUIET PLEASE");
			assertThat(instance.callText("shout", "again")).isEqualTo("AGAIN");
			assertThat(instance.capturedStdout()).isEqualTo("shouting\nshouting\n");
		}
	}

	@Test
	void eachInstanceCapturesItsOwnOutput() {
		define("hello", "wasi-hello.wasm", captured());
		try (WasmInstance first = this.runtime.newInstance("hello");
				WasmInstance second = this.runtime.newInstance("hello")) {
			first.runCommand();
			assertThat(second.capturedStdout()).isEmpty();
			assertThat(second.runCommand().stdout()).isEqualTo(first.capturedStdout());
		}
	}

	@Test
	void commandWithoutStartExportIsRefusedNamingTheExports() {
		define("reactor", "wasi-reactor.wasm", captured());
		try (WasmInstance instance = this.runtime.newInstance("reactor")) {
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(instance::runCommand)
				.satisfies(
						(thrown) -> assertThat(thrown.getReason()).isEqualTo(WasmCallException.Reason.ILLEGAL_ARGUMENT))
				.withMessageContaining("'_start'")
				.withMessageContaining("shout");
		}
	}

	@Test
	void moduleImportingWasiWithoutItBeingEnabledFailsToLink() {
		assertThatExceptionOfType(WasmLinkException.class)
			.isThrownBy(() -> this.runtime.define(TestModules.definition("hello", "wasi-hello.wasm")))
			.withMessageContaining("Enable WASI for module 'hello' (WasmModuleDefinition.withWasi)");
	}

	private static WasiConfig captured() {
		return WasiConfig.enabled().withStdout(Output.CAPTURE).withStderr(Output.CAPTURE);
	}

	private void define(String name, String file, WasiConfig wasi) {
		this.runtime.define(TestModules.definition(name, file).withWasi(wasi));
	}

}
