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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.internal.wasi.WasiDirectories;
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

/**
 * The WASI sandbox attacked as a hostile plugin would: instances of one module racing
 * each other in a shared writable directory, with a host thread swapping names too,
 * guests forging links, writing through read-only descriptors and hoarding descriptors.
 * Nothing outside the directory is ever read, written or created.
 */
class WasiSandboxAttackTests {

	private static final String OUTSIDE_SECRET = "OUTSIDE-SECRET\n";

	private static final String OUTSIDE_VICTIM = "original";

	private static final Pattern PROBE = Pattern.compile("ops=(\\d+) escapes=(\\d+) failed=(\\d+)\\n");

	private static final CompilationCache cache = CompilationCache.create();

	private static CompiledModule compiled;

	@TempDir
	Path base;

	private Path sandbox;

	private Path outside;

	private final WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build();

	@BeforeAll
	static void compileOnce() {
		compiled = cache.compile(TestModules.bytes("wasi-hostile.wasm"), WasmEngine.COMPILER, null,
				"wasi-hostile.wasm");
	}

	@AfterAll
	static void release() {
		compiled.close();
	}

	@BeforeEach
	void layOutDirectories() throws IOException {
		this.sandbox = Files.createDirectories(this.base.resolve("sb")).toRealPath();
		this.outside = Files.createDirectories(this.base.resolve("outside")).toRealPath();
		Files.writeString(this.outside.resolve("secret.txt"), OUTSIDE_SECRET);
		Files.writeString(this.outside.resolve("victim.txt"), OUTSIDE_VICTIM);
		for (String name : List.of("swap", "hswap")) {
			Path inside = Files.createDirectories(this.sandbox.resolve(name));
			Files.writeString(inside.resolve("secret.txt"), "inside\n");
			Files.writeString(inside.resolve("victim.txt"), "inside victim");
		}
		// links leading out, planted by the host: the guests swap them with directories
		// of the same name
		Files.createSymbolicLink(this.sandbox.resolve("escape"), Path.of("../outside"));
		Files.createSymbolicLink(this.sandbox.resolve("hescape"), Path.of("../outside"));
	}

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void racingInstancesAndAHostThreadSwappingNamesNeverReachOutside() throws Exception {
		define("swapper", Duration.ZERO, "swap", "swap", "escape", "1000000000");
		define("prober", Duration.ofMinutes(10), "probe", "13000", "swap", "hswap");
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong hostSwaps = new AtomicLong();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		Thread guestSwapper = new Thread(() -> {
			try (WasmInstance instance = this.runtime.newInstance("swapper")) {
				instance.runCommand();
			}
			catch (WasmCallException ex) {
				if (ex.getReason() != WasmCallException.Reason.INTERRUPTED) {
					failures.add(ex);
				}
			}
			catch (Throwable ex) {
				failures.add(ex);
			}
		}, "guest-swapper");
		Thread hostSwapper = new Thread(() -> {
			Path swap = this.sandbox.resolve("hswap");
			Path hold = this.sandbox.resolve("hswap-hold");
			Path link = this.sandbox.resolve("hescape");
			while (!stop.get()) {
				try {
					Files.move(swap, hold, StandardCopyOption.ATOMIC_MOVE);
					Files.move(link, swap, StandardCopyOption.ATOMIC_MOVE);
					Files.move(swap, link, StandardCopyOption.ATOMIC_MOVE);
					Files.move(hold, swap, StandardCopyOption.ATOMIC_MOVE);
					hostSwaps.incrementAndGet();
				}
				catch (IOException ex) {
					failures.add(ex);
					return;
				}
			}
		}, "host-swapper");
		guestSwapper.start();
		hostSwapper.start();
		String report;
		try (WasmInstance prober = this.runtime.newInstance("prober")) {
			WasmCommandResult result = prober.runCommand();
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			report = result.stdout();
		}
		finally {
			stop.set(true);
			guestSwapper.interrupt();
			guestSwapper.join(30_000);
			hostSwapper.join(30_000);
		}
		assertThat(failures).isEmpty();
		Matcher probe = PROBE.matcher(report);
		assertThat(probe.matches()).as(report).isTrue();
		long operations = Long.parseLong(probe.group(1));
		long escapes = Long.parseLong(probe.group(2));
		long refused = Long.parseLong(probe.group(3));
		System.out.printf(
				"sandbox race: %d escapes in %d path operations (%d reads refused or failed, %d host swaps)%n", escapes,
				operations, refused, hostSwaps.get());
		assertThat(operations).isGreaterThanOrEqualTo(100_000);
		assertThat(escapes).isZero();
		// the race was run: some reads met the link and were refused
		assertThat(refused).isPositive();
		assertThat(hostSwaps.get()).isPositive();
		assertOutsideUntouched();
	}

	@Test
	void linkForgedThroughAnInnocentLinkIsRefused() throws IOException {
		// an innocent link that stays inside: sub/parent is the sandbox itself
		Files.createDirectories(this.sandbox.resolve("sub"));
		Files.createSymbolicLink(this.sandbox.resolve("sub/parent"), Path.of(".."));
		define("forger", Duration.ofSeconds(30), "forge");
		String output = run("forger");
		assertThat(output).contains("symlink=0", "direct=EPERM");
		// the link made through sub/parent (which is the sandbox itself) points inside
		// from where it stands
		assertThat(Files.readSymbolicLink(this.sandbox.resolve("forged"))).isEqualTo(Path.of("outside/secret.txt"));
		assertThat(this.sandbox.resolve("forged").toAbsolutePath().normalize().getParent()).isEqualTo(this.sandbox);
		assertThat(this.sandbox.resolve("direct")).doesNotExist();
		assertOutsideUntouched();
	}

	@Test
	void writingThroughADescriptorOpenForReadingAnswersAnErrnoNotATrap() throws IOException {
		Path published = Files.createDirectories(this.base.resolve("published"));
		Files.writeString(published.resolve("notice.txt"), "read me");
		this.runtime.define(TestModules.definition("readonly", "wasi-hostile.wasm")
			.withWasi(WasiConfig.enabled()
				.withArguments(List.of("wasi-hostile", "readonly", "/ro/notice.txt"))
				.withStdout(Output.CAPTURE)
				.withStderr(Output.CAPTURE)
				.withDirectory("/ro", published, true)));
		assertThat(run("readonly")).isEqualTo("allocate=EBADF truncate=EBADF write=EBADF\n");
		assertThat(published.resolve("notice.txt")).hasContent("read me");
	}

	@Test
	void guestCannotHoldMoreDescriptorsThanItsLimit() {
		this.runtime.define(TestModules.definition("hoarder", "wasi-hostile.wasm")
			.withWasi(WasiConfig.enabled()
				.withArguments(List.of("wasi-hostile", "openmany", "/sb/swap/secret.txt", "100000"))
				.withStdout(Output.CAPTURE)
				.withMaxOpenFiles(40)
				.withDirectory("/sb", this.sandbox, false)));
		assertThat(run("hoarder")).isEqualTo("opened=40 errno=EMFILE\n");
	}

	@Test
	void refusalsAreLoggedAtABoundedRateWithASummary() {
		define("prober", Duration.ofSeconds(60), "probe", "200", "escape");
		List<ILoggingEvent> events = logged("wasm.prober",
				() -> assertThat(run("prober")).isEqualTo("ops=800 escapes=0 failed=200\n"));
		assertThat(events).hasSize(WasiDirectories.MAX_LOGGED_REFUSALS + 1);
		assertThat(events.get(0).getFormattedMessage()).startsWith("Refused path_open of /sb/escape/secret.txt");
		assertThat(events.get(events.size() - 1).getFormattedMessage())
			.matches("Refused \\d+ more WASI operations of an instance of WASM module 'prober' without logging each "
					+ "\\(only the first 10 of an instance are logged\\)");
	}

	@Test
	void outputInLogModeIsBoundedLikeCapturedOutput() {
		this.runtime.define(TestModules.definition("printer", "wasi-hostile.wasm")
			.withWasi(WasiConfig.enabled()
				.withArguments(List.of("wasi-hostile", "print", "100000"))
				.withStdout(Output.LOG)
				.withCaptureLimit(10_000)));
		List<ILoggingEvent> events = logged("wasm.printer", () -> {
			try (WasmInstance instance = this.runtime.newInstance("printer")) {
				assertThat(instance.runCommand().exitCode()).isZero();
			}
		});
		// 10,000 bytes are 100 lines of 100 bytes; then one line for the 9,990,000 bytes
		// dropped
		assertThat(events).hasSize(101);
		assertThat(events.get(99).getFormattedMessage()).isEqualTo("x".repeat(99));
		assertThat(events.get(100).getFormattedMessage())
			.isEqualTo("[output truncated: 9990000 more bytes exceeded the limit of 10000 bytes per instance]");
	}

	private static List<ILoggingEvent> logged(String loggerName, Runnable action) {
		Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			action.run();
		}
		finally {
			logger.detachAppender(appender);
		}
		return appender.list;
	}

	private void define(String name, Duration timeout, String... args) {
		List<String> argv = new ArrayList<>(List.of("wasi-hostile"));
		argv.addAll(List.of(args));
		this.runtime.define(TestModules.definition(name, "wasi-hostile.wasm")
			.withTimeout(timeout)
			.withWasi(WasiConfig.enabled()
				.withArguments(argv)
				.withStdout(Output.CAPTURE)
				.withStderr(Output.CAPTURE)
				.withDirectory("/sb", this.sandbox, false)));
	}

	private String run(String name) {
		try (WasmInstance instance = this.runtime.newInstance(name)) {
			WasmCommandResult result = instance.runCommand();
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			return result.stdout();
		}
	}

	private void assertOutsideUntouched() throws IOException {
		try (Stream<Path> entries = Files.list(this.outside)) {
			assertThat(entries.map((entry) -> entry.getFileName().toString())).containsExactlyInAnyOrder("secret.txt",
					"victim.txt");
		}
		assertThat(Files.readString(this.outside.resolve("secret.txt"), StandardCharsets.UTF_8))
			.isEqualTo(OUTSIDE_SECRET);
		assertThat(Files.readString(this.outside.resolve("victim.txt"), StandardCharsets.UTF_8))
			.isEqualTo(OUTSIDE_VICTIM);
	}

}
