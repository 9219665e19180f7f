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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import dev.wasmspring.host.WasmImport;
import dev.wasmspring.host.WasmImportBinder;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompilationCacheProbe;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.module.WasmSnapshot;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.wasi.WasiConfig;
import dev.wasmspring.runtime.wasi.WasiConfig.Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restarted application whose code directory holds code it compiled from the same bytes
 * loads a module without validating it again or decoding its function bodies, and the
 * module answers exactly as a compiled one does. Where the bodies are needed (the
 * interpreter engine, code that leaves functions to the interpreter), and where the file
 * is not one the directory wrote for these bytes, the module is parsed in full as before.
 */
class CodeDirectoryWarmLoadTests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@EnumSource(Scenario.class)
	void moduleLoadedFromAWarmDirectoryAnswersExactlyLikeACompiledOne(Scenario scenario) {
		List<String> compiled = scenario.run(CompilationCache.create(), WasmEngine.COMPILER,
				(cache, digest) -> assertThat(cache.compilations(digest)).isEqualTo(1));
		List<String> written = scenario.run(CompilationCache.create(this.directory), WasmEngine.COMPILER,
				(cache, digest) -> assertThat(cache.directoryLoads(digest)).isZero());
		List<String> loaded = scenario.run(CompilationCache.create(this.directory), WasmEngine.COMPILER,
				(cache, digest) -> {
					assertThat(cache.compilations(digest)).isZero();
					assertThat(cache.directoryLoads(digest)).isEqualTo(1);
					assertThat(CompilationCacheProbe.directoryLoadsWithoutParsingCode(cache, digest)).isEqualTo(1);
				});
		assertThat(compiled).isNotEmpty().containsAll(scenario.expected);
		assertThat(written).isEqualTo(compiled);
		assertThat(loaded).isEqualTo(compiled);
	}

	@Test
	void interpreterEngineParsesTheModuleInFullEvenWithAWarmDirectory() {
		Scenario scenario = Scenario.TABLE_AND_DATA;
		List<String> compiled = scenario.run(CompilationCache.create(this.directory), WasmEngine.COMPILER,
				(cache, digest) -> assertThat(cache.compilations(digest)).isEqualTo(1));
		List<String> interpreted = scenario.run(CompilationCache.create(this.directory), WasmEngine.INTERPRETER,
				(cache, digest) -> {
					assertThat(cache.compilations(digest)).isEqualTo(1);
					assertThat(cache.directoryLoads(digest)).isZero();
					assertThat(CompilationCacheProbe.directoryLoadsWithoutParsingCode(cache, digest)).isZero();
				});
		assertThat(interpreted).isEqualTo(compiled);
	}

	@Test
	void codeThatLeavesAFunctionToTheInterpreterIsLoadedAfterAFullParse() throws IOException {
		byte[] bytes = moduleWithAFunctionTooLargeToCompile();
		String digest = CompilationCache.sha256(bytes);
		CompilationCache first = CompilationCache.create(this.directory);
		try (CompiledModule module = first.compile(bytes, WasmEngine.COMPILER, "large", "large.wasm")) {
			assertThat(first.compilations(digest)).isEqualTo(1);
		}
		assertThat(jars()).hasSize(1);
		CompilationCache restarted = CompilationCache.create(this.directory);
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(restarted).build()) {
			runtime.define(WasmModuleDefinition.of("large", ModuleSource.of("large.wasm", bytes)));
			assertThat(restarted.directoryLoads(digest)).isEqualTo(1);
			assertThat(CompilationCacheProbe.directoryLoadsWithoutParsingCode(restarted, digest)).isZero();
			try (WasmInstance instance = runtime.newInstance("large")) {
				assertThat(instance.call("large")).isEqualTo(LARGE_RESULT);
				assertThat(instance.call("small")).isEqualTo(7);
			}
		}
	}

	@Test
	void fileWithoutTheDirectorysRecordIsLoadedAfterAFullParse() throws IOException {
		String digest = compileIntoDirectory("counter.wasm");
		Path file = jars().get(0);
		// as written by an earlier version, or by hand: only the engine's own entries
		rewrite(file, (name) -> name.endsWith(".class") || name.equals("wasm-module.properties"),
				(name, content) -> content);
		CompilationCache restarted = CompilationCache.create(this.directory);
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(restarted).build()) {
			runtime.define(TestModules.definition("counter", "counter.wasm"));
			assertThat(restarted.compilations(digest)).isZero();
			assertThat(restarted.directoryLoads(digest)).isEqualTo(1);
			assertThat(CompilationCacheProbe.directoryLoadsWithoutParsingCode(restarted, digest)).isZero();
			try (WasmInstance instance = runtime.newInstance("counter")) {
				assertThat(instance.call("fib", 20)).isEqualTo(6765L);
			}
		}
	}

	@Test
	void fileWrittenForOtherBytesIsNeverRunAndIsReplacedByCompiling() throws IOException {
		String digest = compileIntoDirectory("add.wasm");
		Path file = jars().get(0);
		compileIntoDirectory("add-v2.wasm");
		Path other = jars().stream().filter((jar) -> !jar.equals(file)).findFirst().orElseThrow();
		Files.copy(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		CompilationCache restarted = CompilationCache.create(this.directory);
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(restarted).build()) {
			runtime.define(TestModules.definition("add", "add.wasm"));
			assertThat(restarted.compilations(digest)).isEqualTo(1);
			assertThat(restarted.directoryLoads(digest)).isZero();
			try (WasmInstance instance = runtime.newInstance("add")) {
				assertThat(instance.call("add", 40, 2)).isEqualTo(42);
			}
		}
		CompilationCache again = CompilationCache.create(this.directory);
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(again).build()) {
			runtime.define(TestModules.definition("add", "add.wasm"));
			assertThat(CompilationCacheProbe.directoryLoadsWithoutParsingCode(again, digest)).isEqualTo(1);
			try (WasmInstance instance = runtime.newInstance("add")) {
				assertThat(instance.call("add", 40, 2)).isEqualTo(42);
			}
		}
	}

	@Test
	void damagedClassesBehindAValidRecordAreReplacedByCompilingAgain() throws IOException {
		String digest = compileIntoDirectory("add.wasm");
		Path file = jars().get(0);
		rewrite(file, (name) -> true, (name, content) -> name.endsWith(".class")
				? new byte[] { (byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0 } : content);
		CompilationCache restarted = CompilationCache.create(this.directory);
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(restarted).build()) {
			runtime.define(TestModules.definition("add", "add.wasm"));
			assertThat(restarted.compilations(digest)).isEqualTo(1);
			assertThat(CompilationCacheProbe.directoryLoadsWithoutParsingCode(restarted, digest)).isZero();
			try (WasmInstance instance = runtime.newInstance("add")) {
				assertThat(instance.call("add", 40, 2)).isEqualTo(42);
			}
		}
		CompilationCache again = CompilationCache.create(this.directory);
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(again).build()) {
			runtime.define(TestModules.definition("add", "add.wasm"));
			assertThat(CompilationCacheProbe.directoryLoadsWithoutParsingCode(again, digest)).isEqualTo(1);
		}
	}

	private String compileIntoDirectory(String file) {
		byte[] bytes = TestModules.bytes(file);
		CompilationCache.create(this.directory).compile(bytes, WasmEngine.COMPILER, null, file).close();
		return CompilationCache.sha256(bytes);
	}

	private List<Path> jars() throws IOException {
		try (Stream<Path> files = Files.walk(this.directory)) {
			return files.filter((file) -> file.toString().endsWith(".jar")).sorted().toList();
		}
	}

	/**
	 * Rewrites a code file, keeping the entries whose names pass and changing their
	 * content.
	 */
	private static void rewrite(Path file, Predicate<String> keep, BiFunction<String, byte[], byte[]> content)
			throws IOException {
		ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
		int kept = 0;
		try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(Files.readAllBytes(file)));
				JarOutputStream out = new JarOutputStream(rewritten)) {
			for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
				byte[] bytes = in.readAllBytes();
				if (keep.test(entry.getName())) {
					out.putNextEntry(new JarEntry(entry.getName()));
					out.write(content.apply(entry.getName(), bytes));
					out.closeEntry();
					kept++;
				}
			}
		}
		assertThat(kept).isPositive();
		Files.write(file, rewritten.toByteArray());
	}

	private static final int LARGE_TERMS = 30_000;

	private static final int LARGE_TERM = 100_000;

	private static final int LARGE_RESULT = LARGE_TERMS * LARGE_TERM;

	/**
	 * A module with {@code large()}, the sum of 30 000 constants in one function, too
	 * large for one JVM method, so that the compiler leaves it to the interpreter, and
	 * {@code small()} answering 7, which it compiles.
	 */
	private static byte[] moduleWithAFunctionTooLargeToCompile() {
		ByteArrayOutputStream large = new ByteArrayOutputStream();
		large.write(0); // no locals
		large.writeBytes(new byte[] { 0x41, 0 }); // i32.const 0
		for (int i = 0; i < LARGE_TERMS; i++) {
			large.write(0x41); // i32.const
			large.writeBytes(signedLeb(LARGE_TERM));
			large.write(0x6a); // i32.add
		}
		large.write(0x0b); // end
		byte[] small = { 0, 0x41, 7, 0x0b };
		ByteArrayOutputStream code = new ByteArrayOutputStream();
		code.write(2);
		code.writeBytes(unsignedLeb(large.size()));
		code.writeBytes(large.toByteArray());
		code.writeBytes(unsignedLeb(small.length));
		code.writeBytes(small);
		ByteArrayOutputStream module = new ByteArrayOutputStream();
		module.writeBytes(new byte[] { 0, 'a', 's', 'm', 1, 0, 0, 0 });
		section(module, 1, new byte[] { 1, 0x60, 0, 1, 0x7f }); // one type: () -> i32
		section(module, 3, new byte[] { 2, 0, 0 }); // two functions of that type
		section(module, 7, new byte[] { 2, 5, 'l', 'a', 'r', 'g', 'e', 0, 0, 5, 's', 'm', 'a', 'l', 'l', 0, 1 });
		section(module, 10, code.toByteArray());
		return module.toByteArray();
	}

	private static void section(ByteArrayOutputStream module, int id, byte[] content) {
		module.write(id);
		module.writeBytes(unsignedLeb(content.length));
		module.writeBytes(content);
	}

	private static byte[] unsignedLeb(int value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		do {
			int next = value & 0x7f;
			value >>>= 7;
			out.write((value != 0) ? (next | 0x80) : next);
		}
		while (value != 0);
		return out.toByteArray();
	}

	private static byte[] signedLeb(int value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		boolean more = true;
		while (more) {
			int next = value & 0x7f;
			value >>= 7;
			more = !((value == 0 && (next & 0x40) == 0) || (value == -1 && (next & 0x40) != 0));
			out.write(more ? (next | 0x80) : next);
		}
		return out.toByteArray();
	}

	/** Checks made while the runtime of a scenario still holds its module. */
	@FunctionalInterface
	interface WhileLoaded {

		void check(CompilationCache cache, String digest);

	}

	/**
	 * A module and what is asked of it: each answer, or failure, is one line of the
	 * transcript, which must read the same however the module was loaded.
	 */
	enum Scenario {

		/** A C reactor: guest allocator, per-instance state, i64 results. */
		REACTOR("counter.wasm", List.of("fib(90) = 2880067194370816120", "increment() = 2")) {

			@Override
			void ask(WasmRuntime runtime, WasmInstance instance, List<String> transcript) {
				answer(transcript, "increment()", () -> instance.call("increment"));
				answer(transcript, "increment()", () -> instance.call("increment"));
				answer(transcript, "fib(20)", () -> instance.call("fib", 20));
				answer(transcript, "fib(90)", () -> instance.call("fib", 90));
			}

		},

		/** A WASI reactor, printing through the sandbox's captured stdout. */
		WASI_REACTOR("wasi-reactor.wasm", List.of("shout(quiet please) = QUIET PLEASE", "stdout = shouting\n")) {

			@Override
			WasmModuleDefinition definition() {
				return super.definition().withWasi(WasiConfig.enabled().withStdout(Output.CAPTURE));
			}

			@Override
			void ask(WasmRuntime runtime, WasmInstance instance, List<String> transcript) {
				answer(transcript, "shout(quiet please)", () -> instance.callText("shout", "quiet please"));
				answer(transcript, "stdout", instance::capturedStdout);
			}

		},

		/**
		 * A table filled by an element segment, a global and a data segment, changed by
		 * the guest.
		 */
		TABLE_AND_DATA("stateful.wasm", List.of("call_slot(0) = 7", "table_size() = 5", "call_slot(1) = 42")) {

			@Override
			void ask(WasmRuntime runtime, WasmInstance instance, List<String> transcript) {
				for (int address = 16; address < 24; address++) {
					int at = address;
					answer(transcript, "memory_byte(" + at + ")", () -> instance.call("memory_byte", at));
				}
				answer(transcript, "global_value()", () -> instance.call("global_value"));
				answer(transcript, "table_size()", () -> instance.call("table_size"));
				answer(transcript, "call_slot(0)", () -> instance.call("call_slot", 0));
				try (WasmInstance fresh = runtime.newInstance("subject")) {
					answer(transcript, "call_slot(1)", () -> fresh.call("call_slot", 1));
				}
				answer(transcript, "mutate()", () -> instance.call("mutate"));
				answer(transcript, "memory_byte(16)", () -> instance.call("memory_byte", 16));
				answer(transcript, "global_value()", () -> instance.call("global_value"));
				answer(transcript, "table_size()", () -> instance.call("table_size"));
				answer(transcript, "call_slot(1)", () -> instance.call("call_slot", 1));
				answer(transcript, "call_slot(4)", () -> instance.call("call_slot", 4));
			}

		},

		/** Active and passive data segments, memory.init and data.drop. */
		DATA_SEGMENTS("data-segments.wasm",
				List.of("byte(104) = 66", "byte(60000) = 102", "init_passive(200) = null")) {

			@Override
			void ask(WasmRuntime runtime, WasmInstance instance, List<String> transcript) {
				for (int address = 100; address < 110; address++) {
					int at = address;
					answer(transcript, "byte(" + at + ")", () -> instance.call("byte", at));
				}
				answer(transcript, "byte(60000)", () -> instance.call("byte", 60000));
				answer(transcript, "init_passive(200)", () -> instance.call("init_passive", 200));
				answer(transcript, "byte(200)", () -> instance.call("byte", 200));
				answer(transcript, "drop_passive()", () -> instance.call("drop_passive"));
				answer(transcript, "init_passive(300)", () -> instance.call("init_passive", 300));
			}

		},

		/**
		 * Every way a call traps, tags and exceptions included, each on a fresh instance
		 * (a trap discards it).
		 */
		TRAPS("traps.wasm", List.of("ok() = 1", "grow_memory(0) = 1")) {

			@Override
			void ask(WasmRuntime runtime, WasmInstance instance, List<String> transcript) {
				for (String export : List.of("unreachable", "int_overflow", "oob_memory", "recurse",
						"indirect_mismatch", "throw_uncaught", "ok")) {
					try (WasmInstance fresh = runtime.newInstance("subject")) {
						Object[] args = export.equals("recurse") ? new Object[] { 0 } : new Object[0];
						answer(transcript, export + "()", () -> fresh.call(export, args));
					}
				}
				answer(transcript, "div_by_zero(0)", () -> instance.call("div_by_zero", 0));
				try (WasmInstance fresh = runtime.newInstance("subject")) {
					answer(transcript, "grow_memory(1)", () -> fresh.call("grow_memory", 1));
					answer(transcript, "grow_memory(0)", () -> fresh.call("grow_memory", 0));
				}
			}

		},

		/**
		 * An Extism plugin built by AssemblyScript, on the runtime's Extism kernel, with
		 * a host function.
		 */
		EXTISM_PLUGIN("extism-kitchen-sink.wasm", List.of("greet(Ada) = Hello, Ada!", "decorated(order) = [<order>]")) {

			@Override
			WasmRuntime.Builder runtime(WasmRuntime.Builder builder) {
				return builder.withHostFunctions(WasmImportBinder.standard().bindAll(new Decorator()));
			}

			@Override
			void ask(WasmRuntime runtime, WasmInstance instance, List<String> transcript) {
				answer(transcript, "greet(Ada)", () -> instance.callText("greet", "Ada"));
				answer(transcript, "decorated(order)", () -> instance.callText("decorated", "order"));
				answer(transcript, "count()", () -> instance.callText("count", ""));
				answer(transcript, "count()", () -> instance.callText("count", ""));
			}

		},

		/**
		 * A reactor whose instances start from a snapshot taken at load, after its
		 * expensive start-up.
		 */
		SNAPSHOT("word-index.wasm", List.of("ok() = 1")) {

			@Override
			WasmModuleDefinition definition() {
				return super.definition().withSnapshot(WasmSnapshot.AFTER_INITIALIZE);
			}

			@Override
			void ask(WasmRuntime runtime, WasmInstance instance, List<String> transcript) {
				answer(transcript, "ok()", () -> instance.call("ok"));
				answer(transcript, "lookup(12345)", () -> instance.call("lookup", 12345));
				answer(transcript, "state_checksum()", () -> instance.call("state_checksum"));
				answer(transcript, "score(the word)", () -> instance.call("score", 0, 0));
			}

		};

		private final String file;

		private final List<String> expected;

		Scenario(String file, List<String> expected) {
			this.file = file;
			this.expected = expected;
		}

		WasmModuleDefinition definition() {
			return TestModules.definition("subject", this.file);
		}

		WasmRuntime.Builder runtime(WasmRuntime.Builder builder) {
			return builder;
		}

		abstract void ask(WasmRuntime runtime, WasmInstance instance, List<String> transcript);

		/**
		 * Loads the module on a fresh runtime over the cache, asks two fresh instances,
		 * and lets it all go.
		 */
		List<String> run(CompilationCache cache, WasmEngine engine, WhileLoaded whileLoaded) {
			List<String> transcript = new ArrayList<>();
			try (WasmRuntime runtime = runtime(WasmRuntime.builder()).withCompilationCache(cache)
				.withEngine(engine)
				.build()) {
				runtime.define(definition());
				whileLoaded.check(cache, runtime.statistics().modules().get("subject"));
				for (int i = 0; i < 2; i++) {
					try (WasmInstance instance = runtime.newInstance("subject")) {
						ask(runtime, instance, transcript);
					}
				}
			}
			return transcript;
		}

		static void answer(List<String> transcript, String question, ThrowingSupplier answer) {
			try {
				Object value = answer.get();
				transcript.add(question + " = " + ((value instanceof byte[] bytes) ? new String(bytes) : value));
			}
			catch (RuntimeException ex) {
				transcript.add(question + " ! " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
			}
		}

	}

	/** Extism's user host function of the kitchen-sink plugin. */
	public static final class Decorator {

		@WasmImport(module = "extism:host/user", name = "decorate")
		public String decorate(String text) {
			return "<" + text + ">";
		}

	}

	@FunctionalInterface
	interface ThrowingSupplier {

		Object get();

	}

}
