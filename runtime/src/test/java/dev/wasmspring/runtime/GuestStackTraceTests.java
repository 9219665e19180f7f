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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompilationCacheProbe;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmGuestFrames;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Guest frames in the Java stack trace of a plugin's failure, on both engines, from
 * traces.c (built with DWARF 4 and 5, and stripped).
 */
class GuestStackTraceTests {

	private static final WasmValueType I32 = WasmValueType.I32;

	private WasmRuntime runtime;

	@AfterEach
	void close() {
		if (this.runtime != null) {
			this.runtime.close();
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void divisionByZeroShowsEveryGuestFunctionInnermostFirst(WasmEngine engine) {
		WasmTrapException trap = trap(engine, "traces.wasm", WasmGuestFrames.LINES, "split", 1, 0);
		assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.INTEGER_DIVIDE_BY_ZERO);
		assertThat(guestFrames(trap)).containsExactly("divide", "share", "split");
		StackTraceElement[] trace = trap.getStackTrace();
		assertThat(trace[0].getClassName()).isEqualTo("wasm.traces");
		assertThat(trace[0].getFileName()).isEqualTo("traces.c");
		assertThat(lines(trace, 3)).containsExactly(expectedLines(engine, 19, 23, 28));
		// the engine's generated frames are gone; the caller's Java frames follow
		assertThat(trace).noneMatch((element) -> element.getClassName().startsWith("com.dylibso."));
		assertThat(trace[3].getClassName()).startsWith("dev.wasmspring.runtime.");
		assertThat(trace).anyMatch((element) -> element.getClassName().equals(getClass().getName()));
		assertThat(printed(trap)).contains("at wasm.traces.divide(traces.c");
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void outOfBoundsAccessShowsTheReadingFunction(WasmEngine engine) {
		WasmTrapException trap = trap(engine, "traces.wasm", WasmGuestFrames.LINES, "peek", 1_000_000_000);
		assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.OUT_OF_BOUNDS_MEMORY_ACCESS);
		assertThat(guestFrames(trap)).containsExactly("read_at", "peek");
		assertThat(trap.getStackTrace()[0].getMethodName()).isEqualTo("read_at");
		assertThat(lines(trap.getStackTrace(), 2)).containsExactly(expectedLines(engine, 32, 37));
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void abortShowsLibcAbortAboveItsCaller(WasmEngine engine) {
		WasmTrapException trap = trap(engine, "traces.wasm", WasmGuestFrames.LINES, "price", -1);
		assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.UNREACHABLE);
		assertThat(guestFrames(trap)).containsExactly("abort", "check_price", "price");
		StackTraceElement[] trace = trap.getStackTrace();
		assertThat(trace[0].getFileName()).isEqualTo("abort.c");
		assertThat(trace[1].getFileName()).isEqualTo("traces.c");
		assertThat(lines(trace, 3)[1]).isEqualTo(expectedLines(engine, 42)[0]);
		assertThat(lines(trace, 3)[2]).isEqualTo(expectedLines(engine, 48)[0]);
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void exhaustedCallStackShowsTheRecursionBounded(WasmEngine engine) {
		WasmTrapException trap = trap(engine, "traces.wasm", WasmGuestFrames.LINES, "recurse", 100_000_000);
		assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.CALL_STACK_EXHAUSTED);
		List<String> frames = guestFrames(trap);
		assertThat(frames).hasSizeGreaterThan(100).hasSizeLessThanOrEqualTo(1024);
		assertThat(frames).isSubsetOf("descend", "recurse");
		assertThat(frames.get(0)).isEqualTo("descend");
		assertThat(trap.getStackTrace()[1].getLineNumber()).isEqualTo(56);
		// the caller's Java frames are kept below the guest's
		assertThat(trap.getStackTrace()).anyMatch((element) -> element.getClassName().equals(getClass().getName()));
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void trapUnderAHostFunctionInterleavesGuestAndHostFrames(WasmEngine engine) {
		WasmTrapException trap = trap(engine, "traces.wasm", WasmGuestFrames.LINES, "load", 2_000_000);
		assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.UNREACHABLE);
		List<String> frames = Arrays.stream(trap.getStackTrace()).map(GuestStackTraceTests::describe).toList();
		int abort = frames.indexOf("wasm.traces.abort");
		int alloc = frames.indexOf("wasm.traces.guest_alloc");
		int host = frames.indexOf(StubHostFunction.class.getName() + ".invoke");
		int load = frames.indexOf("wasm.traces.load");
		assertThat(abort).isZero();
		assertThat(alloc).isEqualTo(1);
		assertThat(host).isGreaterThan(alloc);
		assertThat(load).isGreaterThan(host);
		assertThat(frames).noneMatch((frame) -> frame.startsWith("com.dylibso."));
		assertThat(trap.getStackTrace()[alloc].getLineNumber()).isEqualTo(69);
		assertThat(trap.getStackTrace()[load].getLineNumber()).isEqualTo(76);
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void hostFunctionFailureShowsTheHostFramesAboveTheCallingGuestFunction(WasmEngine engine) {
		this.runtime = runtime(engine, "traces.wasm", WasmGuestFrames.LINES);
		try (WasmInstance instance = this.runtime.newInstance("traces")) {
			WasmCallException failure = assertThatExceptionOfType(WasmCallException.class)
				.isThrownBy(() -> instance.call("report", 7))
				.actual();
			assertThat(failure.getReason()).isEqualTo(WasmCallException.Reason.HOST_FUNCTION_FAILED);
			List<String> frames = Arrays.stream(failure.getStackTrace()).map(GuestStackTraceTests::describe).toList();
			int host = frames.indexOf(StubHostFunction.class.getName() + ".invoke");
			assertThat(host).isNotNegative();
			assertThat(frames.get(host + 1)).isEqualTo("wasm.traces.report");
			assertThat(frames).noneMatch((frame) -> frame.startsWith("com.dylibso."));
			// the host function's own exception shows the same frames
			assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class);
			assertThat(failure.getCause().getStackTrace()).isEqualTo(failure.getStackTrace());
			assertThat(failure.getStackTrace()[host + 1].getLineNumber()).isEqualTo(81);
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void timeoutShowsWhereTheGuestWasStopped(WasmEngine engine) {
		this.runtime = runtime(engine, "traces.wasm", WasmGuestFrames.LINES);
		this.runtime.define(TestModules.definition("spinner", "traces.wasm").withTimeout(Duration.ofMillis(200)));
		try (WasmInstance instance = this.runtime.newInstance("spinner")) {
			WasmTimeoutException timeout = assertThatExceptionOfType(WasmTimeoutException.class)
				.isThrownBy(() -> instance.call("spin"))
				.actual();
			StackTraceElement[] trace = timeout.getStackTrace();
			assertThat(trace[0].getClassName()).isEqualTo("wasm.spinner");
			assertThat(Arrays.stream(trace).filter((element) -> element.getClassName().equals("wasm.spinner")))
				.extracting(StackTraceElement::getMethodName)
				.containsExactly("spin_forever", "spin");
			// the loop's header or its body: the engine checks for a stop at the loop
			assertThat(trace[0].getLineNumber()).isBetween(88, 89);
			assertThat(trace[1].getLineNumber()).isEqualTo(95);
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void dwarfVersion5GivesTheSameFrames(WasmEngine engine) {
		WasmTrapException trap = trap(engine, "traces-dwarf5.wasm", WasmGuestFrames.LINES, "split", 1, 0);
		assertThat(guestFrames(trap)).containsExactly("divide", "share", "split");
		assertThat(trap.getStackTrace()[0].getFileName()).isEqualTo("traces.c");
		assertThat(lines(trap.getStackTrace(), 3)).containsExactly(expectedLines(engine, 19, 23, 28));
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void functionTooLargeToCompileShowsItsFrameAndLine(WasmEngine engine) {
		// the compiler leaves churn to its interpreter; step and run are compiled
		WasmTrapException trap = trap(engine, "traces-large.wasm", WasmGuestFrames.LINES, "run", 1, 0);
		assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.INTEGER_DIVIDE_BY_ZERO);
		assertThat(guestFrames(trap)).containsExactly("churn", "step", "run");
		StackTraceElement[] trace = trap.getStackTrace();
		assertThat(trace[0].getFileName()).isEqualTo("traces-large.c");
		assertThat(lines(trace, 3)).containsExactly(19, 23, 28);
		assertThat(trace).noneMatch((element) -> element.getClassName().startsWith("com.dylibso."));
		assertThat(trace).anyMatch((element) -> element.getClassName().equals(getClass().getName()));
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void strippedModuleShowsFunctionIndexes(WasmEngine engine) {
		WasmTrapException trap = trap(engine, "traces-stripped.wasm", WasmGuestFrames.LINES, "split", 1, 0);
		List<String> frames = guestFrames(trap);
		assertThat(frames).hasSizeGreaterThanOrEqualTo(1);
		assertThat(frames).allMatch((name) -> name.matches("func\\[\\d+\\]"));
		assertThat(trap.getStackTrace()[0].getFileName()).isNull();
		assertThat(trap.getStackTrace()[0].getLineNumber()).isNegative();
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void namesLeaveOutFilesAndLines(WasmEngine engine) {
		WasmTrapException trap = trap(engine, "traces.wasm", WasmGuestFrames.NAMES, "split", 1, 0);
		assertThat(guestFrames(trap)).containsExactly("divide", "share", "split");
		assertThat(trap.getStackTrace()[0].getFileName()).isNull();
		assertThat(trap.getStackTrace()[0].getLineNumber()).isNegative();
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void noneKeepsTheEnginesFrames(WasmEngine engine) {
		WasmTrapException trap = trap(engine, "traces.wasm", WasmGuestFrames.NONE, "split", 1, 0);
		assertThat(guestFrames(trap)).isEmpty();
		assertThat(trap.getStackTrace()).anyMatch((element) -> element.getClassName().startsWith("com.dylibso."));
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void assemblyScriptBuiltWithDebugShowsItsFunctionNames(WasmEngine engine) {
		try (WasmRuntime extism = WasmRuntime.builder().withEngine(engine).build()) {
			extism.define(TestModules.definition("as", "extism-traces.wasm"));
			try (WasmInstance instance = extism.newInstance("as")) {
				assertThat(instance.callText("split", "4")).isEqualTo("26");
			}
			try (WasmInstance instance = extism.newInstance("as")) {
				WasmTrapException trap = assertThatExceptionOfType(WasmTrapException.class)
					.isThrownBy(() -> instance.callText("split", "0"))
					.actual();
				assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.INTEGER_DIVIDE_BY_ZERO);
				assertThat(Arrays.stream(trap.getStackTrace())
					.filter((element) -> element.getClassName().equals("wasm.as")))
					.extracting(StackTraceElement::getMethodName)
					.containsExactly("src/traces/divide", "src/traces/share", "src/traces/split");
				assertThat(trap.getStackTrace()[0].getFileName()).isNull();
			}
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void trapInALinkedModuleOfAManifestShowsTheFramesOfBothModules(WasmEngine engine, @TempDir Path directory)
			throws IOException {
		for (String name : List.of("extism-linked-trap-lib.wasm", "extism-linked-trap-main.wasm")) {
			Files.write(directory.resolve(name), TestModules.bytes(name));
		}
		Path manifest = Files.writeString(directory.resolve("plugin.json"), """
				{"wasm": [{"path": "extism-linked-trap-lib.wasm", "name": "lib"},
				          {"path": "extism-linked-trap-main.wasm", "name": "main"}]}
				""");
		try (WasmRuntime extism = WasmRuntime.builder().withEngine(engine).build()) {
			extism.define(WasmModuleDefinition.of("plugin", ModuleSource.of(manifest)));
			try (WasmInstance instance = extism.newInstance("plugin")) {
				assertThat(instance.callText("share", "abcd")).isEqualTo("\u0019");
			}
			try (WasmInstance instance = extism.newInstance("plugin")) {
				WasmTrapException trap = assertThatExceptionOfType(WasmTrapException.class)
					.isThrownBy(() -> instance.callText("share", ""))
					.actual();
				assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.INTEGER_DIVIDE_BY_ZERO);
				List<String> frames = Arrays.stream(trap.getStackTrace())
					.map(GuestStackTraceTests::describe)
					.filter((frame) -> frame.startsWith("wasm."))
					.toList();
				assertThat(frames).containsExactly("wasm.plugin.lib.divide", "wasm.plugin.lib.ratio",
						"wasm.plugin.portion", "wasm.plugin.share");
				assertThat(describe(trap.getStackTrace()[0])).isEqualTo("wasm.plugin.lib.divide");
				assertThat(trap.getStackTrace())
					.noneMatch((element) -> element.getClassName().startsWith("com.dylibso."));
				assertThat(trap.getStackTrace())
					.anyMatch((element) -> element.getClassName().equals(getClass().getName()));
			}
		}
	}

	@Test
	void compiledCodeLoadedFromTheCodeDirectoryKeepsItsLines(@TempDir Path directory) {
		String digest = CompilationCache.sha256(TestModules.bytes("traces.wasm"));
		for (int run = 0; run < 2; run++) {
			CompilationCache cache = CompilationCache.create(directory);
			try (WasmRuntime runtime = runtime(WasmEngine.COMPILER, "traces.wasm", WasmGuestFrames.LINES, cache);
					WasmInstance instance = runtime.newInstance("traces")) {
				WasmTrapException trap = assertThatExceptionOfType(WasmTrapException.class)
					.isThrownBy(() -> instance.call("split", 1, 0))
					.actual();
				assertThat(guestFrames(trap)).containsExactly("divide", "share", "split");
				assertThat(lines(trap.getStackTrace(), 3)).containsExactly(19, 23, 28);
				// the second time, the code comes from the directory as it was written
				assertThat(CompilationCacheProbe.directoryLoadsWithoutParsingCode(cache, digest)).isEqualTo(run);
			}
		}
	}

	@Test
	void aCallThatDoesNotTrapAnswersAsBefore() {
		this.runtime = runtime(WasmEngine.INTERPRETER, "traces.wasm", WasmGuestFrames.LINES);
		try (WasmInstance instance = this.runtime.newInstance("traces")) {
			assertThat(instance.call("split", 10, 5)).isEqualTo(6);
			assertThat(instance.call("recurse", 50)).isEqualTo(50);
		}
	}

	@Test
	void guestFramesDefaultToLines() {
		assertThat(TestModules.definition("traces", "traces.wasm").guestFrames()).isEqualTo(WasmGuestFrames.LINES);
	}

	private WasmTrapException trap(WasmEngine engine, String file, WasmGuestFrames detail, String export,
			Object... args) {
		this.runtime = runtime(engine, file, detail);
		try (WasmInstance instance = this.runtime.newInstance("traces")) {
			return assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call(export, args))
				.actual();
		}
	}

	private static WasmRuntime runtime(WasmEngine engine, String file, WasmGuestFrames detail) {
		return runtime(engine, file, detail, CompilationCache.shared());
	}

	private static WasmRuntime runtime(WasmEngine engine, String file, WasmGuestFrames detail, CompilationCache cache) {
		List<WasmHostFunction> hosts = List.of(
				new StubHostFunction("env", "fetch", WasmFunctionType.of(List.of(I32), List.of(I32)),
						(context, args) -> new long[] { context.allocate((int) args[0]) }),
				new StubHostFunction("env", "notify", WasmFunctionType.of(List.of(I32), List.of()), (context, args) -> {
					throw new IllegalStateException("notify refused " + args[0]);
				}));
		WasmRuntime runtime = WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(cache)
			.withHostFunctions(hosts)
			.build();
		runtime.define(TestModules.definition("traces", file).withGuestFrames(detail));
		return runtime;
	}

	private static List<String> guestFrames(Throwable failure) {
		return Arrays.stream(failure.getStackTrace())
			.filter((element) -> element.getClassName().equals("wasm.traces"))
			.map(StackTraceElement::getMethodName)
			.toList();
	}

	/**
	 * The lines of the first frames.
	 */
	private static int[] lines(StackTraceElement[] trace, int count) {
		return Arrays.stream(trace).limit(count).mapToInt(StackTraceElement::getLineNumber).toArray();
	}

	private static int[] expectedLines(WasmEngine engine, int... lines) {
		return lines;
	}

	private static String describe(StackTraceElement element) {
		return element.getClassName() + "." + element.getMethodName();
	}

	private static String printed(Throwable failure) {
		StringWriter out = new StringWriter();
		failure.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

}
