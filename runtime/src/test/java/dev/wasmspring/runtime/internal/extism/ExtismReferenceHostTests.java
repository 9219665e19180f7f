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

package dev.wasmspring.runtime.internal.extism;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wasmspring.host.WasmImport;
import dev.wasmspring.host.WasmImportBinder;
import dev.wasmspring.runtime.TestModules;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmPluginException;
import dev.wasmspring.runtime.extism.ExtismConfig;
import dev.wasmspring.runtime.extism.ExtismHostFunctionException;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Extism plugin of testing-wasm, with every input, runs through Extism's own
 * JavaScript host ({@code @extism/extism} on Node.js,
 * testing-wasm/extism/reference-host.mjs) and through our runtime, and both must give the
 * same outputs, the same plugin errors, the same failures and the same log lines, call
 * after call on one plugin instance (so vars and config behave the same too). Needs
 * Node.js and {@code npm ci} in testing-wasm/extism; without them the test fails, saying
 * so.
 */
class ExtismReferenceHostTests {

	private static final Path EXTISM_DIR = Path.of("..", "testing-wasm", "extism").toAbsolutePath().normalize();

	private static final Path WASM_DIR = Path.of("..", "testing-wasm", "wasm").toAbsolutePath().normalize();

	private static final String KITCHEN_SINK = "extism-kitchen-sink.wasm";

	private static final String C_PLUGIN = "extism-c.wasm";

	private static final String EMPTY_BLOCKS = "extism-empty-blocks.wasm";

	private static final String EMPTY_MODULE = "empty.wasm";

	private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeAll
	static void captureLogs() {
		logs.start();
	}

	@AfterAll
	static void stopCapturing() {
		logs.stop();
	}

	@Test
	void everyPluginAndInputGivesWhatExtismsOwnHostGives() throws Exception {
		List<Scenario> scenarios = scenarios();
		Map<String, Object> reference = runReferenceHost(scenarios);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> expected = (List<Map<String, Object>>) (List<?>) reference.get("scenarios");
		assertThat(expected).hasSize(scenarios.size());
		for (int i = 0; i < scenarios.size(); i++) {
			Scenario scenario = scenarios.get(i);
			Observed ours = runOurs(scenario);
			Map<String, Object> theirs = expected.get(i);
			assertThat(ours.results).as("results of scenario '%s', call by call", scenario.name)
				.isEqualTo(normalise(theirs.get("results")));
			assertThat(ours.logs).as("log lines of scenario '%s'", scenario.name).isEqualTo(theirLogs(theirs));
		}
	}

	private static List<Scenario> scenarios() {
		byte[] random = new byte[3000];
		new Random(42).nextBytes(random);
		byte[] text = "The quick brown fox jumps over the lazy dog. ".repeat(120).getBytes(StandardCharsets.UTF_8);
		return List
			.of(new Scenario("greet with config", KITCHEN_SINK, Map.of("greeting", "Hi"),
					List.of(call("greet", "Ada"), call("greet", ""), call("greet", "Grace Hopper"))),
					new Scenario("greet without config", KITCHEN_SINK, Map.of(), List.of(call("greet", "Bob"))),
					new Scenario("vars across calls and errors", KITCHEN_SINK, Map.of(),
							List.of(call("count", ""), call("count", "5"), call("validate", "fail"), call("count", ""),
									call("remember", "a"), call("remember", "bc"), call("reset", ""),
									call("count", "2"), call("validate", "fine"), call("remember",
											""),
									call("count", ""))),
					new Scenario("binary in and out", KITCHEN_SINK, Map.of(),
							List.of(call("reverse", new byte[] { (byte) 0xff, (byte) 0xfe, 0, (byte) 0x80 }),
									call("reverse", new byte[0]), call("reverse", random))),
					new Scenario("logs at every level", KITCHEN_SINK, Map.of(),
							List.of(call("shout_logs", "x"), call("shout_logs", "second"))),
					new Scenario(
							"host function with memory handles", KITCHEN_SINK, Map.of(),
							List.of(call("decorated", "deco"), call("decorated", ""), call("decorated", "again"))),
					new Scenario("abort traps", KITCHEN_SINK, Map.of(),
							List.of(call("strict", "ok"), call("strict", ""))),
					new Scenario(
							"output longer than the block it was reserved in traps", KITCHEN_SINK,
							Map.of("greeting", "Grüß dich"), List.of(call("greet", "x"))),
					new Scenario("unknown function", KITCHEN_SINK, Map.of(),
							List.of(call("count", ""), call("nope", ""))),
					new Scenario("C plugin", C_PLUGIN, Map.of("k", "value of k", "empty", ""),
							List.of(call("vowels", "Hello World"), call("vowels", text), call("accumulate", "ab"),
									call("accumulate", "c"), call("config", "k"), call("config", "missing"),
									call("accumulate", random), call("silent", ""), call("config", "k"))),
					new Scenario("a module global across calls (test_globals)", C_PLUGIN, Map.of(),
							List.of(call("globals", ""), call("globals", "x"), call("vowels", "abc"),
									call("globals", ""))),
					new Scenario("host function fails the plugin with an Extism error", KITCHEN_SINK, Map.of(),
							List.of(call("decorated", "fine"), call("decorated", "refuse this order"))),
					new Scenario("issue 620: an empty answer from blocks of 0 bytes, with WASI", EMPTY_BLOCKS, Map.of(),
							List.of(call("test", ""), call("test", "ignored input"), call("test", "")))
						.withWasi(),
					new Scenario("issue 620: a function the module does not have, with WASI", EMPTY_MODULE, Map.of(),
							List.of(call("test", ""), call("test", "x")))
						.withWasi(),
					Scenario.ofManifest("manifest: two modules linked by name", """
							{"wasm": [{"path": "{wasm}/extism-linked-lib.wasm", "name": "lib"},
							          {"path": "{wasm}/extism-linked-main.wasm", "name": "main"}]}
							""",
							List.of(call("upper", "hello, linked world"), call("upper", ""), call("upper", "again"),
									call("lib_calls", ""))),
					Scenario.ofManifest("manifest: memory.max_pages 17 and a 128 KiB input", """
							{"wasm": [{"path": "{wasm}/extism-vowels.wasm"}], "memory": {"maxPages": 17}}
							""", List.of(call("count_vowels", "a".repeat(128 * 1024)), call("count_vowels", "Hello"))),
					Scenario.ofManifest("manifest: config and a pinned hash", """
							{"wasm": [{"path": "{wasm}/extism-c.wasm", "hash": "%s"}],
							 "config": {"k": "from the manifest"}}
							""".formatted(sha256(C_PLUGIN)),
							List.of(call("config", "k"), call("config", "missing"), call("vowels", "Manifest"))));
	}

	private static String sha256(String wasm) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(java.nio.file.Files.readAllBytes(WASM_DIR.resolve(wasm)));
			return java.util.HexFormat.of().formatHex(digest);
		}
		catch (IOException | java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Call call(String function, String input) {
		return new Call(function, input.getBytes(StandardCharsets.UTF_8));
	}

	private static Call call(String function, byte[] input) {
		return new Call(function, input);
	}

	private Observed runOurs(Scenario scenario) {
		Logger logger = (Logger) LoggerFactory.getLogger("wasm." + scenario.moduleName());
		logger.setLevel(Level.TRACE);
		logger.addAppender(logs);
		logs.list.clear();
		Observed observed = new Observed();
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withHostFunctions(WasmImportBinder.standard().bindAll(new Decorator()))
			.build()) {
			if (scenario.manifest != null) {
				runtime.define(WasmModuleDefinition.of(scenario.moduleName(), ModuleSource
					.of(scenario.name + ".manifest.json", scenario.manifest.getBytes(StandardCharsets.UTF_8))));
			}
			else {
				runtime.define(TestModules.definition(scenario.moduleName(), scenario.wasm)
					.withExtism(ExtismConfig.defaults().withConfig(scenario.config))
					.withWasi(scenario.wasi ? WasiConfig.enabled() : WasiConfig.disabled()));
			}
			try (WasmInstance instance = runtime.newInstance(scenario.moduleName())) {
				for (int i = 0; i < scenario.calls.size(); i++) {
					Call call = scenario.calls.get(i);
					int before = logs.list.size();
					try {
						byte[] output = instance.callBytes(call.function, call.input);
						observed.results.add(Map.of("output", Base64.getEncoder().encodeToString(output)));
					}
					catch (WasmPluginException ex) {
						boolean host = ex.getCause() instanceof ExtismHostFunctionException;
						observed.results
							.add(Map.of("error", host ? "host" : "plugin", "message", ex.getPluginMessage()));
					}
					catch (WasmException ex) {
						observed.results.add(Map.of("error", "trap"));
					}
					for (ILoggingEvent event : logs.list.subList(before, logs.list.size())) {
						observed.logs.add(List.of(event.getLevel().toString().toLowerCase(),
								event.getFormattedMessage(), String.valueOf(i)));
					}
				}
			}
		}
		finally {
			logger.detachAppender(logs);
		}
		return observed;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, String>> normalise(Object results) {
		List<Map<String, String>> normalised = new ArrayList<>();
		for (Map<String, Object> result : (List<Map<String, Object>>) results) {
			Object error = result.get("error");
			if ("plugin".equals(error) || "host".equals(error)) {
				normalised.add(Map.of("error", (String) error, "message", (String) result.get("message")));
			}
			else if (error != null) {
				normalised.add(Map.of("error", "trap"));
			}
			else {
				// Extism's JavaScript host answers null for no output; ours answers no
				// bytes
				Object output = result.get("output");
				normalised.add(Map.of("output", (output != null) ? (String) output : ""));
			}
		}
		return normalised;
	}

	@SuppressWarnings("unchecked")
	private static List<List<String>> theirLogs(Map<String, Object> scenario) {
		List<List<String>> lines = new ArrayList<>();
		for (Object line : (List<Object>) scenario.get("logs")) {
			List<Object> parts = (List<Object>) line;
			lines.add(List.of((String) parts.get(0), (String) parts.get(1), String.valueOf(parts.get(2))));
		}
		return lines;
	}

	private static Map<String, Object> runReferenceHost(List<Scenario> scenarios) throws Exception {
		Path script = EXTISM_DIR.resolve("reference-host.mjs");
		assertThat(EXTISM_DIR.resolve("node_modules/@extism/extism"))
			.as("Extism's JavaScript host is not installed: run 'npm ci' in %s (CI's .ci/run does)", EXTISM_DIR)
			.isDirectory();
		Process process;
		try {
			process = new ProcessBuilder("node", script.toString()).directory(EXTISM_DIR.toFile()).start();
		}
		catch (IOException ex) {
			throw new AssertionError("Node.js is needed to run Extism's JavaScript host, the reference this test "
					+ "compares against, and 'node' could not be started (" + ex.getMessage()
					+ "). Install it (apt-get install nodejs npm) and run 'npm ci' in " + EXTISM_DIR, ex);
		}
		CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
		CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
		try (OutputStream in = process.getOutputStream()) {
			in.write(request(scenarios).getBytes(StandardCharsets.UTF_8));
		}
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("Extism's JavaScript host did not answer within 120 s");
		}
		String errors = new String(stderr.get(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as("exit code of the reference host; its standard error: %s", errors).isZero();
		return ExtismJson.parseObject(new String(stdout.get(), StandardCharsets.UTF_8));
	}

	private static byte[] readAll(InputStream in) {
		try (in) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String request(List<Scenario> scenarios) {
		StringBuilder json = new StringBuilder("{\"scenarios\":[");
		for (int i = 0; i < scenarios.size(); i++) {
			Scenario scenario = scenarios.get(i);
			json.append((i > 0) ? "," : "").append("{\"name\":").append(quote(scenario.name));
			if (scenario.manifest != null) {
				json.append(",\"manifest\":").append(scenario.manifest);
			}
			else {
				json.append(",\"wasm\":").append(quote(WASM_DIR.resolve(scenario.wasm).toString()));
			}
			json.append(",\"wasi\":").append(scenario.wasi);
			json.append(",\"config\":").append(ExtismJson.writeObject(new LinkedHashMap<>(scenario.config)));
			json.append(",\"calls\":[");
			for (int c = 0; c < scenario.calls.size(); c++) {
				Call call = scenario.calls.get(c);
				json.append((c > 0) ? "," : "").append("{\"function\":").append(quote(call.function));
				json.append(",\"input\":").append(quote(Base64.getEncoder().encodeToString(call.input))).append('}');
			}
			json.append("]}");
		}
		return json.append("]}").toString();
	}

	private static String quote(String text) {
		String object = ExtismJson.writeObject(Map.of("k", text));
		return object.substring(object.indexOf(':') + 1, object.length() - 1);
	}

	private record Scenario(String name, String wasm, Map<String, String> config, List<Call> calls,
			@Nullable String manifest, boolean wasi) {

		Scenario(String name, String wasm, Map<String, String> config, List<Call> calls) {
			this(name, wasm, config, calls, null, false);
		}

		/** The same scenario with WASI linked, in both hosts. */
		Scenario withWasi() {
			return new Scenario(this.name, this.wasm, this.config, this.calls, this.manifest, true);
		}

		/**
		 * A scenario whose plugin is created from an Extism manifest; {@code {wasm}} in
		 * it stands for the folder of the built modules.
		 */
		static Scenario ofManifest(String name, String manifest, List<Call> calls) {
			String json = manifest.replace("{wasm}", WASM_DIR.toString().replace("\\", "/"));
			return new Scenario(name, "manifest", Map.of(), calls, json, false);
		}

		String moduleName() {
			return this.wasm.replace(".wasm", "");
		}

	}

	private record Call(String function, byte[] input) {
	}

	private static final class Observed {

		final List<Map<String, String>> results = new ArrayList<>();

		final List<List<String>> logs = new ArrayList<>();

	}

	/** The same host function the reference host gives the plugins. */
	public static final class Decorator {

		@WasmImport(module = "extism:host/user", name = "decorate")
		public String decorate(String text) {
			if (text.startsWith("refuse ")) {
				throw new ExtismHostFunctionException("the host refused '" + text.substring(7) + "'");
			}
			return "*" + text + "*";
		}

	}

}
