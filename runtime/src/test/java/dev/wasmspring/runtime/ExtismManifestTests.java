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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.extism.ExtismConfig;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A module's location may hold an Extism manifest: its modules are read by path (beside
 * the manifest), URL or inline data and checked against their hashes, its settings apply
 * as Extism's hosts apply them, several modules are linked by their names, and a manifest
 * that cannot be used fails naming the module, the field and what to do.
 */
class ExtismManifestTests {

	private static final CompilationCache cache = CompilationCache.create();

	private final WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build();

	@TempDir
	Path directory;

	@BeforeEach
	void copyModules() throws IOException {
		for (String name : List.of("extism-c.wasm", "extism-vowels.wasm", "extism-linked-lib.wasm",
				"extism-linked-main.wasm", "extism-linked-commander.wasm", "extism-linked-runner.wasm")) {
			Files.write(this.directory.resolve(name), TestModules.bytes(name));
		}
	}

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void manifestNamesItsModuleByAPathBesideItAndGivesItsConfig() throws IOException {
		define("plugin", """
				{"wasm": [{"path": "extism-c.wasm"}], "config": {"region": "eu-west"}}
				""");
		assertThat(this.runtime.isExtismPlugin("plugin")).isTrue();
		try (WasmInstance instance = this.runtime.newInstance("plugin")) {
			assertThat(instance.callText("config", "region")).isEqualTo("eu-west");
		}
	}

	@Test
	void moduleGivenAsInlineDataWithItsHashLoads() throws IOException {
		byte[] module = TestModules.bytes("extism-c.wasm");
		define("plugin", "{\"wasm\": [{\"data\": \"" + Base64.getEncoder().encodeToString(module) + "\", \"hash\": \""
				+ CompilationCache.sha256(module) + "\"}], \"config\": {\"k\": \"v\"}}");
		try (WasmInstance instance = this.runtime.newInstance("plugin")) {
			assertThat(instance.callText("config", "k")).isEqualTo("v");
		}
	}

	@Test
	void moduleThatDoesNotMatchItsHashIsRefusedNamingTheDigestFound() throws IOException {
		String found = CompilationCache.sha256(TestModules.bytes("extism-c.wasm"));
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> define("plugin",
					"{\"wasm\": [{\"path\": \"extism-c.wasm\", \"hash\": \"" + "0".repeat(64) + "\"}]}"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.BAD_MANIFEST))
			.withMessageContaining("WASM module 'plugin'")
			.withMessageContaining("field 'wasm[0].hash' does not match")
			.withMessageContaining("set the entry's hash to " + found);
	}

	@Test
	void manifestAtAUrlNamesModulesRelativeToItAndByUrlWithTheirHashes() throws IOException {
		byte[] lib = TestModules.bytes("extism-linked-lib.wasm");
		byte[] main = TestModules.bytes("extism-linked-main.wasm");
		List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
		com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer
			.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		String base = "http://127.0.0.1:" + server.getAddress().getPort();
		Map<String, byte[]> files = Map.of("/plugins/shouter.manifest.json",
				("{\"wasm\": [{\"path\": \"lib.wasm\", \"name\": \"lib\"}, {\"url\": \"" + base
						+ "/other/main.wasm\", \"hash\": \"" + CompilationCache.sha256(main) + "\"}]}")
					.getBytes(StandardCharsets.UTF_8),
				"/plugins/lib.wasm", lib, "/other/main.wasm", main);
		server.createContext("/", (exchange) -> {
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			authorizations.add(exchange.getRequestURI().getPath() + " " + authorization);
			byte[] body = files.get(exchange.getRequestURI().getPath());
			exchange.sendResponseHeaders((body != null) ? 200 : 404, (body != null) ? body.length : -1);
			if (body != null) {
				exchange.getResponseBody().write(body);
			}
			exchange.close();
		});
		server.start();
		try {
			this.runtime
				.define(WasmModuleDefinition.of("shouter", ModuleSource.ofUrl(base + "/plugins/shouter.manifest.json",
						Map.of("Authorization", "Bearer t"), Duration.ofSeconds(10))));
			try (WasmInstance instance = this.runtime.newInstance("shouter")) {
				assertThat(instance.callText("upper", "from a url")).isEqualTo("FROM A URL");
			}
			// the location's headers go to the modules beside it, not to a URL the
			// manifest names
			assertThat(authorizations).containsExactlyInAnyOrder("/plugins/shouter.manifest.json Bearer t",
					"/plugins/lib.wasm Bearer t", "/other/main.wasm null");
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void moduleNamedByUrlIsDownloadedWithinTheLocationTimeoutOfTheManifestsSource() throws IOException {
		try (LocalHttpServer server = new LocalHttpServer(LocalHttpServer.trickle())) {
			Path manifest = write("slow.manifest.json",
					"{\"wasm\": [{\"url\": \"" + server.url("/slow.wasm") + "\"}]}");
			long start = System.nanoTime();
			assertThatExceptionOfType(WasmModuleLoadException.class)
				.isThrownBy(() -> this.runtime.define(WasmModuleDefinition.of("slow",
						ModuleSource.of(manifest).withLocationTimeout(Duration.ofMillis(800)))))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.BAD_MANIFEST))
				.withMessageContaining("field 'wasm[0]'")
				.withMessageContaining("took longer than 800 ms");
			// the server trickles for minutes: only the location timeout ends the
			// download
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		}
	}

	@Test
	void manifestSettingsApplyAsExtismsHostsApplyThem() throws IOException {
		Path data = Files.createDirectories(this.directory.resolve("data"));
		define("plugin", """
				{"wasm": [{"path": "extism-vowels.wasm"}],
				 "memory": {"max_pages": 17, "max_var_bytes": 1024, "max_http_response_bytes": 2048},
				 "allowed_hosts": ["api.example.com"], "allowed_paths": {"ro:%s": "/data"}, "timeout_ms": 5000}
				""".formatted(data.toString().replace("\\", "\\\\")));
		WasmModuleDefinition effective = this.runtime.definition("plugin");
		assertThat(effective.extism().maxPages()).isEqualTo(17);
		assertThat(effective.extism().maxVarBytes()).isEqualTo(1024);
		assertThat(effective.extism().maxHttpResponseBytes()).isEqualTo(2048);
		assertThat(effective.extism().allowedHosts()).containsExactly("api.example.com");
		assertThat(effective.wasi().directories()).containsEntry("/data", new WasiConfig.Directory(data, true));
		assertThat(this.runtime.timeout("plugin")).isEqualTo(Duration.ofMillis(5000));
		// Extism's own test: a 128 KiB input with 17 pages
		try (WasmInstance instance = this.runtime.newInstance("plugin")) {
			assertThat(instance.callText("count_vowels", "a".repeat(128 * 1024))).isEqualTo("{\"count\": 131072}");
		}
	}

	@Test
	void tomlManifestAsExtismsRustHostWritesItLoadsWithItsInlineModuleAndTimeout() throws IOException {
		// Extism's test_toml_manifest: a manifest of one inline module and a timeout of
		// one second, written as TOML (the shape a TOML writer gives Extism's manifest)
		byte[] module = TestModules.bytes("extism-vowels.wasm");
		defineToml("plugin", """
				timeout_ms = 1000

				[[wasm]]
				data = "%s"

				[memory]

				[config]
				""".formatted(Base64.getEncoder().encodeToString(module)));
		assertThat(this.runtime.isExtismPlugin("plugin")).isTrue();
		assertThat(this.runtime.timeout("plugin")).isEqualTo(Duration.ofSeconds(1));
		try (WasmInstance instance = this.runtime.newInstance("plugin")) {
			assertThat(instance.callText("count_vowels", "abc123")).isEqualTo("{\"count\": 1}");
		}
	}

	@Test
	void tomlManifestWrittenByHandGivesEverySettingTheJsonFormGives() throws IOException {
		Path data = Files.createDirectories(this.directory.resolve("data"));
		defineToml("plugin", """
				# the pricing plugin
				allowed_hosts = [
				    "api.example.com", # the only host it calls
				    'files.example.com',
				]
				timeout_ms = 2_500
				http_response_headers = true
				memory = { max_pages = 40, max_var_bytes = 1024, max_http_response_bytes = 2048 }

				[[wasm]]
				path = "extism-c.wasm"
				hash = "%s"

				[config]
				region = "eu-west"
				"quoted key" = 'C:\\literal'

				[allowed_paths]
				"ro:%s" = "/data"
				""".formatted(CompilationCache.sha256(TestModules.bytes("extism-c.wasm")),
				data.toString().replace("\\", "\\\\")));
		WasmModuleDefinition effective = this.runtime.definition("plugin");
		assertThat(effective.extism().maxPages()).isEqualTo(40);
		assertThat(effective.extism().maxVarBytes()).isEqualTo(1024);
		assertThat(effective.extism().maxHttpResponseBytes()).isEqualTo(2048);
		assertThat(effective.extism().allowedHosts()).containsExactly("api.example.com", "files.example.com");
		assertThat(effective.wasi().directories()).containsEntry("/data", new WasiConfig.Directory(data, true));
		assertThat(this.runtime.timeout("plugin")).isEqualTo(Duration.ofMillis(2500));
		try (WasmInstance instance = this.runtime.newInstance("plugin")) {
			assertThat(instance.callText("config", "region")).isEqualTo("eu-west");
			assertThat(instance.callText("config", "quoted key")).isEqualTo("C:\\literal");
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badTomlManifests")
	void badTomlManifestFailsNamingTheLineOrTheField(String expected, String manifest) throws IOException {
		assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(() -> defineToml("plugin", manifest))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.BAD_MANIFEST))
			.withMessageContaining("WASM module 'plugin'")
			.withMessageContaining(expected);
	}

	static Stream<Arguments> badTomlManifests() {
		return Stream.of(
				Arguments.of("line 2: a string is not closed on its line", "[[wasm]]\npath = \"extism-c.wasm\n"),
				Arguments.of("line 3: key 'path' is given twice",
						"[[wasm]]\npath = \"extism-c.wasm\"\npath = \"other.wasm\"\n"),
				Arguments.of("line 1: '1.5' is not a decimal whole number", "timeout_ms = 1.5\n"),
				Arguments.of("line 1: multi-line strings are not supported", "timeout_ms = \"\"\"10\"\"\"\n"),
				Arguments.of("line 2: table 'config' is defined twice",
						"[config]\n[config]\n[[wasm]]\npath = \"extism-c.wasm\"\n"),
				Arguments.of("write the manifest as Extism's TOML form", "[[wasm]]\npath = \"a.wasm\" extra\n"),
				Arguments.of("field 'timeout_ms'", "timeout_ms = \"soon\"\n[[wasm]]\npath = \"extism-c.wasm\"\n"),
				Arguments.of("field 'wasms'", "[[wasms]]\npath = \"extism-c.wasm\"\n"));
	}

	@Test
	void applicationSettingsNarrowTheManifestsLimitsAndWinForTheSameConfigKey() throws IOException {
		Path manifest = write("plugin.json", """
				{"wasm": [{"path": "extism-c.wasm"}], "config": {"a": "manifest", "b": "manifest"},
				 "memory": {"max_pages": 40}, "timeout_ms": 60000}
				""");
		this.runtime.define(WasmModuleDefinition.of("plugin", ModuleSource.of(manifest))
			.withTimeout(Duration.ofSeconds(2))
			.withExtism(ExtismConfig.defaults().withConfig(Map.of("b", "application")).withMaxPages(20)));
		assertThat(this.runtime.timeout("plugin")).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.runtime.definition("plugin").extism().maxPages()).isEqualTo(20);
		try (WasmInstance instance = this.runtime.newInstance("plugin")) {
			assertThat(instance.callText("config", "a")).isEqualTo("manifest");
			assertThat(instance.callText("config", "b")).isEqualTo("application");
		}
	}

	@Test
	void pinnedDigestOfTheLocationPinsTheManifest() throws IOException {
		Path manifest = write("plugin.json", "{\"wasm\": [{\"path\": \"extism-c.wasm\"}]}");
		String digest = CompilationCache.sha256(Files.readAllBytes(manifest));
		this.runtime.define(WasmModuleDefinition.of("plugin", ModuleSource.of(manifest)).withSha256(digest));
		assertThat(this.runtime.hasModule("plugin")).isTrue();
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.runtime
				.define(WasmModuleDefinition.of("other", ModuleSource.of(manifest)).withSha256("0".repeat(64))))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.DIGEST_MISMATCH));
	}

	@Test
	void mainModuleImportsTheFunctionsOfAnotherModuleByItsName() throws IOException {
		define("plugin", """
				{"wasm": [{"path": "extism-linked-lib.wasm", "name": "lib"},
				          {"path": "extism-linked-main.wasm", "name": "main"}]}
				""");
		try (WasmInstance instance = this.runtime.newInstance("plugin")) {
			assertThat(instance.callText("upper", "hello, linked world")).isEqualTo("HELLO, LINKED WORLD");
			assertThat(instance.callText("upper", "again")).isEqualTo("AGAIN");
			// a reactor module lives as long as the main module's instance
			assertThat(instance.callText("lib_calls", "")).isEqualTo("2");
		}
		try (WasmInstance instance = this.runtime.newInstance("plugin")) {
			assertThat(instance.callText("lib_calls", "")).isEqualTo("0");
		}
	}

	@Test
	void compiledCodeOfLinkedModulesIsCountedAndSharedByTheCacheWhileThePluginHoldsIt() throws IOException {
		CompilationCache own = CompilationCache.create();
		String lib = CompilationCache.sha256(TestModules.bytes("extism-linked-lib.wasm"));
		String main = CompilationCache.sha256(TestModules.bytes("extism-linked-main.wasm"));
		Path manifest = write("linked.manifest.json", """
				{"wasm": [{"path": "extism-linked-lib.wasm", "name": "lib"},
				          {"path": "extism-linked-main.wasm", "name": "main"}]}
				""");
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(own).build()) {
			runtime.define(WasmModuleDefinition.of("plugin", ModuleSource.of(manifest)));
			assertThat(runtime.statistics().compilationsOf(lib)).isEqualTo(1);
			assertThat(runtime.statistics().compilationsOf(main)).isEqualTo(1);
			assertThat(runtime.statistics().cachedArtifacts()).isEqualTo(2);
			// a second plugin of the same modules and a reload share the compiled code
			runtime.define(WasmModuleDefinition.of("again", ModuleSource.of(manifest)));
			runtime.define(WasmModuleDefinition.of("plugin", ModuleSource.of(manifest)));
			assertThat(own.compilations(lib)).isEqualTo(1);
			assertThat(own.size()).isEqualTo(2);
			try (WasmInstance instance = runtime.newInstance("again")) {
				assertThat(instance.callText("upper", "shared")).isEqualTo("SHARED");
			}
			runtime.remove("plugin");
			assertThat(own.contains(lib)).isTrue();
			runtime.remove("again");
			// released with the last plugin that held it
			assertThat(own.contains(lib)).isFalse();
			assertThat(own.size()).isZero();
		}
	}

	@Test
	void lastModuleIsTheMainOneWhenNoneIsNamedMainAndACommandModuleRunsFreshForEachCall() throws IOException {
		// Extism's own linking test: _start four times, then the counter reads 1
		define("plugin", """
				{"wasm": [{"path": "extism-linked-commander.wasm", "name": "commander"},
				          {"path": "extism-linked-runner.wasm"}]}
				""");
		try (WasmInstance instance = this.runtime.newInstance("plugin")) {
			for (int i = 0; i < 5; i++) {
				byte[] output = instance.callBytes("run", new byte[0]);
				assertThat(ByteBuffer.wrap(output).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(1);
			}
		}
	}

	@Test
	void importOfAFunctionTheOtherModuleDoesNotExportFailsToLinkNamingIt() throws IOException {
		assertThatExceptionOfType(WasmLinkException.class).isThrownBy(() -> define("plugin", """
				{"wasm": [{"path": "extism-linked-commander.wasm", "name": "lib"},
				          {"path": "extism-linked-main.wasm"}]}
				"""))
			.withMessageContaining("lib.shout")
			.withMessageContaining("the module 'lib' of its Extism manifest exports no function 'shout'");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badManifests")
	void badManifestFailsNamingTheModuleTheFieldAndWhatToDo(String field, String manifest, String action)
			throws IOException {
		assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(() -> define("plugin", manifest))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.BAD_MANIFEST))
			.withMessageContaining("WASM module 'plugin'")
			.withMessageContaining("field '" + field + "'")
			.withMessageContaining(action);
	}

	static Stream<Arguments> badManifests() {
		return Stream.of(Arguments.of("(the manifest)", "{\"wasm\": [", "write the manifest as Extism's JSON form"),
				Arguments.of("wasm", "{\"config\": {}}", "list the plugin's modules"),
				Arguments.of("wasm", "{\"wasm\": []}", "list the plugin's modules"),
				Arguments.of("wasm[0]", "{\"wasm\": [\"extism-c.wasm\"]}", "give each module as"),
				Arguments.of("wasm[0]", "{\"wasm\": [{\"name\": \"x\"}]}", "give exactly one of"),
				Arguments.of("wasm[0]", "{\"wasm\": [{\"path\": \"a.wasm\", \"url\": \"https://example.com/a.wasm\"}]}",
						"give exactly one of"),
				Arguments.of("wasm[0].url", "{\"wasm\": [{\"url\": \"ftp://example.com/a.wasm\"}]}",
						"give an http(s) URL"),
				Arguments.of("wasm[0].data", "{\"wasm\": [{\"data\": \"not base64!\"}]}", "standard base64"),
				Arguments.of("wasm[0].hash", "{\"wasm\": [{\"path\": \"extism-c.wasm\", \"hash\": \"abc\"}]}",
						"64 lower-case hexadecimal digits"),
				Arguments.of("wasm[0].method",
						"{\"wasm\": [{\"url\": \"https://example.com/a\", \"method\": \"POST\"}]}",
						"downloaded with GET"),
				Arguments.of("wasm[0].name",
						"{\"wasm\": [{\"path\": \"extism-linked-lib.wasm\"}, {\"path\": \"extism-linked-main.wasm\"}]}",
						"name every module but the main one"),
				Arguments.of("wasm[1].name",
						"{\"wasm\": [{\"path\": \"extism-linked-lib.wasm\", \"name\": \"lib\"}, "
								+ "{\"path\": \"extism-linked-lib.wasm\", \"name\": \"lib\"}, "
								+ "{\"path\": \"extism-linked-main.wasm\"}]}",
						"give each module its own name"),
				Arguments.of("wasm[0]", "{\"wasm\": [{\"path\": \"missing.wasm\"}]}", "missing.wasm"),
				Arguments.of("wasms", "{\"wasms\": []}", "correct or remove it"),
				Arguments.of("memory", "{\"wasm\": [{\"path\": \"extism-c.wasm\"}], \"memory\": 16}", "give memory as"),
				Arguments.of("memory.max_pages",
						"{\"wasm\": [{\"path\": \"extism-c.wasm\"}], \"memory\": " + "{\"max_pages\": -1}}",
						"non-negative whole number"),
				Arguments.of("memory.maxpages",
						"{\"wasm\": [{\"path\": \"extism-c.wasm\"}], \"memory\": " + "{\"maxpages\": 1}}",
						"correct or remove it"),
				Arguments.of("config.region",
						"{\"wasm\": [{\"path\": \"extism-c.wasm\"}], \"config\": " + "{\"region\": {\"a\": 1}}}",
						"give every value as a JSON string"),
				Arguments.of("allowed_hosts",
						"{\"wasm\": [{\"path\": \"extism-c.wasm\"}], \"allowed_hosts\": " + "\"example.com\"}",
						"list of strings"),
				Arguments.of("allowed_paths",
						"{\"wasm\": [{\"path\": \"extism-c.wasm\"}], \"allowed_paths\": " + "[\"/tmp\"]}",
						"JSON object of strings"),
				Arguments.of("timeout_ms", "{\"wasm\": [{\"path\": \"extism-c.wasm\"}], \"timeout_ms\": 1.5}",
						"non-negative whole number"));
	}

	private Path write(String name, String manifest) throws IOException {
		return Files.writeString(this.directory.resolve(name), manifest, StandardCharsets.UTF_8);
	}

	private void defineToml(String name, String manifest) throws IOException {
		this.runtime.define(WasmModuleDefinition.of(name, ModuleSource.of(write(name + ".manifest.toml", manifest))));
	}

	private void define(String name, String manifest) throws IOException {
		this.runtime.define(WasmModuleDefinition.of(name, ModuleSource.of(write(name + ".manifest.json", manifest))));
	}

}
