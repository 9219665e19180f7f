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
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.wasmspring.host.WasmImport;
import dev.wasmspring.host.WasmImportBinder;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.exception.WasmPluginException;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.extism.ExtismConfig;
import dev.wasmspring.runtime.extism.ExtismHostFunctionException;
import dev.wasmspring.runtime.extism.WasmAbi;
import dev.wasmspring.runtime.function.WasmCallContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Extism plugins built with Extism's PDKs run unmodified: they are recognised by their
 * imports, their errors are the plugin's own, vars last as long as the instance, and
 * timeouts, memory limits, request context and allowed HTTP hosts apply to them as to
 * every module. (Their outputs are checked against Extism's own host in
 * {@code ExtismReferenceHostTests}.)
 */
class ExtismPluginTests {

	private static final CompilationCache cache = CompilationCache.create();

	private final WasmRuntime runtime = WasmRuntime.builder()
		.withCompilationCache(cache)
		.withHostFunctions(WasmImportBinder.standard().bindAll(new ContextDecorator()))
		.build();

	private HttpServer server;

	private final java.util.concurrent.ExecutorService serverThreads = java.util.concurrent.Executors
		.newCachedThreadPool();

	@AfterEach
	void close() {
		this.runtime.close();
		if (this.server != null) {
			this.server.stop(0);
		}
		this.serverThreads.shutdownNow();
	}

	@Test
	void moduleImportingExtismsKernelIsAnExtismPluginAndOthersAreNot() {
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm"));
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		try (WasmInstance plugin = this.runtime.newInstance("sink");
				WasmInstance add = this.runtime.newInstance("add")) {
			assertThat(plugin.isExtismPlugin()).isTrue();
			assertThat(add.isExtismPlugin()).isFalse();
			assertThat(plugin.callText("greet", "Ada")).isEqualTo("Hello, Ada!");
		}
	}

	@Test
	void extismPluginSetToTheStandardAbiFailsToLinkSayingWhy() {
		assertThatExceptionOfType(WasmLinkException.class)
			.isThrownBy(() -> this.runtime
				.define(TestModules.definition("sink", "extism-kitchen-sink.wasm").withAbi(WasmAbi.STANDARD)))
			.withMessageContaining("extism:host/env")
			.withMessageContaining("standard ABI");
	}

	@Test
	void pluginErrorIsThrownWithThePluginsMessageAndTheInstanceGoesOn() {
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			assertThat(instance.callText("count", "")).isEqualTo("1");
			assertThatExceptionOfType(WasmPluginException.class).isThrownBy(() -> instance.callText("validate", "fail"))
				.satisfies((ex) -> assertThat(ex.getPluginMessage()).isEqualTo("input rejected: fail"))
				.withMessageContaining("Plugin 'sink' failed in 'validate': input rejected: fail");
			assertThat(instance.isOpen()).isTrue();
			assertThat(instance.callText("count", "")).isEqualTo("2");
		}
	}

	@Test
	void nonZeroReturnCodeWithoutAnErrorIsAPluginError() {
		this.runtime.define(TestModules.definition("c", "extism-c.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("c")) {
			assertThatExceptionOfType(WasmPluginException.class).isThrownBy(() -> instance.callText("exit_code", ""))
				.satisfies((ex) -> assertThat(ex.getReturnCode()).isEqualTo(7))
				.withMessageContaining("returned 7 without an error message");
			assertThat(instance.callText("vowels", "aeiou")).isEqualTo("5");
		}
	}

	@Test
	void abortTrapsWithTheMessageThePluginSetAndDiscardsTheInstance() {
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.callText("strict", ""))
				.withMessageContaining("input must not be empty");
			assertThat(instance.isOpen()).isFalse();
		}
		try (WasmInstance next = this.runtime.newInstance("sink")) {
			assertThat(next.callText("strict", "ok")).isEqualTo("OK");
		}
	}

	@Test
	void varsLastAsLongAsTheInstanceAndANewInstanceStartsWithout() {
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			instance.callText("count", "40");
			assertThat(instance.callText("count", "2")).isEqualTo("42");
		}
		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			assertThat(instance.callText("count", "")).isEqualTo("1");
		}
	}

	@Test
	void outputAndErrorStartWhereTheHandlePointsInsideABlock() {
		// "ABCDEFGH" in one block; Extism's kernel reads from the handle's address, as
		// its Rust host answers
		this.runtime.define(TestModules.definition("offsets", "extism-offsets.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("offsets")) {
			assertThat(instance.callText("output_mid", "")).isEqualTo("EFGH");
			assertThat(instance.callText("output_inner", "")).isEqualTo("DE");
			assertThatExceptionOfType(WasmPluginException.class).isThrownBy(() -> instance.callText("error_mid", ""))
				.satisfies((ex) -> assertThat(ex.getPluginMessage()).isEqualTo("EFGH"));
		}
	}

	@Test
	void emptyBlocksAndHandleZeroAnswerNothingAsInExtismsIssue620() {
		// Extism's runtime test issue_620: a plugin loaded with WASI logs an empty string
		// and answers it; Extism's kernel gives handle 0 for alloc(0), and its host reads
		// handle 0 as the empty block wherever a block is expected
		this.runtime.define(TestModules.definition("empty-blocks", "extism-empty-blocks.wasm")
			.withWasi(dev.wasmspring.runtime.wasi.WasiConfig.enabled()));
		try (WasmInstance instance = this.runtime.newInstance("empty-blocks")) {
			assertThat(instance.exportType("test")).isPresent();
			assertThat(instance.callBytes("test", new byte[0])).isEmpty();
			assertThat(instance.callText("null_handles", "input")).isEmpty();
			// error_set(0) clears the error set before, as Extism's kernel does
			assertThat(instance.callText("error_cleared", "")).isEmpty();
			assertThat(instance.callText("test", "again")).isEmpty();
			// handle 0 holds no byte: a one-byte answer from it fails the call (Extism's
			// kernel would answer whatever lies at address 0 of its memory)
			assertThatExceptionOfType(WasmTrapException.class)
				.isThrownBy(() -> instance.callText("null_output_of_one_byte", ""))
				.withMessageContaining("output of 1 bytes at offset 0 of an Extism memory block of 0 bytes");
		}
	}

	@Test
	void aVarOverALimitOfOneByteFailsTheCallAndAnEmptyOneDoesNotAsInExtismsTestNoVars() {
		this.runtime.define(TestModules.definition("empty-blocks", "extism-empty-blocks.wasm")
			.withExtism(ExtismConfig.defaults().withMaxVarBytes(1L)));
		try (WasmInstance instance = this.runtime.newInstance("empty-blocks")) {
			assertThatExceptionOfType(WasmPluginException.class)
				.isThrownBy(() -> instance.callBytes("input_as_var", "A".repeat(1024).getBytes(StandardCharsets.UTF_8)))
				.withMessageContaining("var memory limit exceeded");
			assertThat(instance.callBytes("input_as_var", new byte[0])).isEmpty();
		}
	}

	@Test
	void tenThousandAndOneCallsOnOneInstanceAsInExtismsTestMultipleInstantiations() {
		this.runtime.define(TestModules.definition("c", "extism-c.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("c")) {
			for (int i = 0; i < 10_001; i++) {
				assertThat(instance.callText("vowels", "abc123")).isEqualTo("1");
			}
		}
	}

	@Test
	void aModuleGlobalCountsOneHundredThousandCallsOnOneInstanceAsInExtismsTestGlobals() {
		this.runtime.define(TestModules.definition("c", "extism-c.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("c")) {
			for (int i = 0; i < 100_000; i++) {
				assertThat(instance.callText("globals", "")).isEqualTo("{\"count\": " + i + "}");
			}
		}
		try (WasmInstance next = this.runtime.newInstance("c")) {
			assertThat(next.callText("globals", "")).as("a new instance starts from its own global")
				.isEqualTo("{\"count\": 0}");
		}
	}

	@Test
	void aHostFunctionReflectsTextOfEverySizeAroundAPageAsInExtismsTestFuzzReflectPlugin() {
		// Extism's test reflects every size from 1 to 65,539 bytes; here the sizes where
		// blocks and pages have edges
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("sink", Map.of("tenant", "t"))) {
			for (int size = 1; size < 65_540; size = (size < 300 || size >= 65_270) ? size + 1 : 65_270) {
				String input = "a".repeat(size);
				assertThat(instance.callText("decorated", input)).as("size %d", size).isEqualTo("[t:" + input + "]");
			}
		}
	}

	@Test
	void anExportTheModuleDoesNotHaveFailsNamingTheModuleAndTheExport() {
		// issue_620's call on a module that has no such export (here none at all): both
		// Extism hosts fail the call ("function not found"), and so does this runtime
		this.runtime.define(TestModules.definition("empty", "empty.wasm")
			.withWasi(dev.wasmspring.runtime.wasi.WasiConfig.enabled()));
		try (WasmInstance instance = this.runtime.newInstance("empty")) {
			// what Extism's pool asks with function_exists (its test_exists)
			assertThat(instance.exportType("test")).isEmpty();
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.callBytes("test", new byte[0]))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmCallException.Reason.ILLEGAL_ARGUMENT))
				.withMessageContaining("WASM module 'empty' has no exported function 'test'");
			assertThat(instance.isOpen()).isTrue();
		}
	}

	@Test
	void varsBeyondTheirLimitFailTheCallAsExtismDoes() {
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm")
			.withExtism(ExtismConfig.defaults().withMaxVarBytes(10L)));
		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			assertThat(instance.callText("remember", "12345")).isEqualTo("12345");
			assertThatExceptionOfType(WasmPluginException.class)
				.isThrownBy(() -> instance.callText("remember", "678901"))
				.withMessageContaining("var memory limit exceeded");
			assertThat(instance.callText("remember", "")).isEqualTo("12345");
		}
	}

	@Test
	void configComesFromTheModulesDefinition() {
		this.runtime.define(TestModules.definition("c", "extism-c.wasm")
			.withExtism(ExtismConfig.defaults().withConfig(Map.of("region", "eu-west"))));
		try (WasmInstance instance = this.runtime.newInstance("c")) {
			assertThat(instance.callText("config", "region")).isEqualTo("eu-west");
			assertThatExceptionOfType(WasmPluginException.class).isThrownBy(() -> instance.callText("config", "other"))
				.withMessageContaining("no such config key");
		}
	}

	@Test
	void hostFunctionSeesTheInstancesContextAndExchangesMemoryHandles() {
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("sink", Map.of("tenant", "acme"))) {
			assertThat(instance.callText("decorated", "order")).isEqualTo("[acme:order]");
		}
	}

	@Test
	void hostFunctionFailsThePluginWithAnExtismErrorMessage() {
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("sink", Map.of("tenant", "acme"))) {
			assertThatExceptionOfType(WasmPluginException.class)
				.isThrownBy(() -> instance.callText("decorated", "refuse order"))
				.satisfies((ex) -> {
					assertThat(ex.getPluginMessage()).isEqualTo("the host refused 'order'");
					assertThat(ex.getReason()).isEqualTo(WasmCallException.Reason.PLUGIN_ERROR);
					assertThat(ex.getCause()).isInstanceOf(ExtismHostFunctionException.class);
				})
				.withMessage("Plugin 'sink' failed in 'decorated': the host refused 'order'");
			// the plugin was interrupted in the middle of its code
			assertThat(instance.isOpen()).isFalse();
		}
		try (WasmInstance instance = this.runtime.newInstance("sink", Map.of("tenant", "acme"))) {
			assertThat(instance.callText("decorated", "order")).isEqualTo("[acme:order]");
		}
	}

	@Test
	void hostFunctionSetsThePluginsErrorAndTheCallFailsWithItOnceThePluginReturns() {
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("sink", Map.of("tenant", "acme"))) {
			assertThatExceptionOfType(WasmPluginException.class)
				.isThrownBy(() -> instance.callText("decorated", "set-error"))
				.satisfies((ex) -> assertThat(ex.getPluginMessage()).isEqualTo("TEST"));
			// the plugin returned: the instance goes on
			assertThat(instance.isOpen()).isTrue();
			assertThat(instance.callText("decorated", "order")).isEqualTo("[acme:order]");
			// set, then fail: the error set wins, as in Extism's hosts
			assertThatExceptionOfType(WasmPluginException.class)
				.isThrownBy(() -> instance.callText("decorated", "set-error and bail"))
				.satisfies((ex) -> assertThat(ex.getPluginMessage()).isEqualTo("TEST"));
		}
	}

	@Test
	void hostFunctionThatThrowsAnythingElseFailsAsAHostFunction() {
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("sink", Map.of("tenant", "acme"))) {
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.callText("decorated", "crash"))
				.satisfies((ex) -> assertThat(ex).isNotInstanceOf(WasmPluginException.class))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmCallException.Reason.HOST_FUNCTION_FAILED));
		}
	}

	@Test
	void inputBeyondTheMemoryLimitIsRefusedAndTheNextCallWorks() {
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm").withMaxMemory(256L * 1024));
		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			assertThatExceptionOfType(WasmTrapException.class)
				.isThrownBy(() -> instance.callBytes("reverse", new byte[512 * 1024]))
				.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(WasmTrapException.Kind.RESOURCE_EXHAUSTED))
				.withMessageContaining(
						"beyond its memory limit of 262144 bytes, which one call's blocks share with the "
								+ "plugin's own memory");
		}
		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			assertThat(instance.callBytes("reverse", new byte[] { 1, 2, 3 })).containsExactly(3, 2, 1);
		}
	}

	@Test
	void maxPagesBudgetsGrowthAfterInstantiationAsExtismDoes() {
		// Extism's own test: a 128 KiB input through a plugin of 17 initial pages,
		// with 17 pages of memory.max_pages
		this.runtime.define(TestModules.definition("vowels", "extism-vowels.wasm")
			.withExtism(ExtismConfig.defaults().withMaxPages(17)));
		try (WasmInstance instance = this.runtime.newInstance("vowels")) {
			assertThat(instance.callText("count_vowels", "a".repeat(128 * 1024))).isEqualTo("{\"count\": 131072}");
			assertThat(instance.callText("count_vowels", "Hello, World")).isEqualTo("{\"count\": 3}");
		}
	}

	@Test
	void blockBeyondTheMaxPagesBudgetIsRefusedNamingTheSetting() {
		this.runtime.define(TestModules.definition("vowels", "extism-vowels.wasm")
			.withExtism(ExtismConfig.defaults().withMaxPages(17)));
		try (WasmInstance instance = this.runtime.newInstance("vowels")) {
			assertThatExceptionOfType(WasmTrapException.class)
				.isThrownBy(() -> instance.callText("count_vowels", "a".repeat(18 * 64 * 1024)))
				.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(WasmTrapException.Kind.RESOURCE_EXHAUSTED))
				.withMessageContaining("ExtismConfig.withMaxPages");
		}
	}

	@Test
	void growRefusedBecauseBlocksTookTheBudgetSaysSoInTheTrap() {
		// the input's block (2 pages) and the plugin's copy of it (2 pages) do not fit
		// in 3
		this.runtime.define(TestModules.definition("vowels", "extism-vowels.wasm")
			.withExtism(ExtismConfig.defaults().withMaxPages(3)));
		try (WasmInstance instance = this.runtime.newInstance("vowels")) {
			assertThatExceptionOfType(WasmTrapException.class)
				.isThrownBy(() -> instance.callText("count_vowels", "a".repeat(100_000)))
				.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(WasmTrapException.Kind.UNREACHABLE))
				.withMessageContaining("memory.grow was refused 1 time(s)")
				.withMessageContaining("Extism budget of 3 pages of growth");
		}
	}

	@Test
	void httpRequestReachesAnAllowedHost() throws IOException {
		AtomicReference<String> header = new AtomicReference<>();
		int port = serve((exchange) -> {
			header.set(exchange.getRequestHeaders().getFirst("X-Plugin"));
			respond(exchange, 201, "made");
		});
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm")
			.withExtism(
					ExtismConfig.defaults().withAllowedHosts(List.of("localhost")).withAllowPrivateAddresses(true)));
		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			assertThat(instance.callText("fetch", "http://localhost:" + port + "/thing")).isEqualTo("201 made");
			assertThat(header.get()).isEqualTo("kitchen-sink");
		}
	}

	@Test
	void httpRequestToAHostNotAllowedFailsTheCallNamingTheHost() throws IOException {
		int port = serve((exchange) -> respond(exchange, 200, "secret"));
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm")
			.withExtism(ExtismConfig.defaults().withAllowedHosts(List.of("*.example.com"))));
		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			assertThatExceptionOfType(WasmCallException.class)
				.isThrownBy(() -> instance.callText("fetch", "http://localhost:" + port + "/"))
				.withMessageContaining("'localhost', which is not among the hosts it may reach [*.example.com]");
		}
		this.runtime.define(TestModules.definition("closed", "extism-kitchen-sink.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("closed")) {
			assertThatExceptionOfType(WasmCallException.class)
				.isThrownBy(() -> instance.callText("fetch", "http://localhost:" + port + "/"))
				.withMessageContaining("not among the hosts it may reach []");
		}
	}

	@Test
	void responseHeadersAreHiddenUnlessTheModuleAsksForThem() throws IOException {
		int port = serve((exchange) -> {
			exchange.getResponseHeaders().add("X-Answer", "42");
			respond(exchange, 200, "ok");
		});
		ExtismConfig http = ExtismConfig.defaults()
			.withAllowedHosts(List.of("localhost"))
			.withAllowPrivateAddresses(true);
		this.runtime.define(TestModules.definition("hidden", "extism-kitchen-sink.wasm").withExtism(http));
		this.runtime.define(TestModules.definition("shown", "extism-kitchen-sink.wasm")
			.withExtism(http.withHttpResponseHeaders(true)));
		String url = "http://localhost:" + port + "/";
		try (WasmInstance instance = this.runtime.newInstance("hidden")) {
			// Extism's default: http_headers answers handle 0, which a PDK reads as no
			// headers
			assertThat(instance.callText("fetch_headers", url)).isEqualTo("{}");
		}
		try (WasmInstance instance = this.runtime.newInstance("shown")) {
			assertThat(instance.callText("fetch_headers", url).toLowerCase(java.util.Locale.ROOT))
				.contains("\"x-answer\":\"42\"");
		}
	}

	@Test
	void slowHttpRequestIsEndedByTheModulesTimeout() throws IOException {
		int port = serve((exchange) -> {
			try {
				Thread.sleep(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			respond(exchange, 200, "late");
		});
		this.runtime.define(TestModules.definition("sink", "extism-kitchen-sink.wasm")
			.withTimeout(Duration.ofMillis(300))
			.withExtism(
					ExtismConfig.defaults().withAllowedHosts(List.of("localhost")).withAllowPrivateAddresses(true)));
		try (WasmInstance instance = this.runtime.newInstance("sink")) {
			long start = System.nanoTime();
			assertThatExceptionOfType(WasmTimeoutException.class)
				.isThrownBy(() -> instance.callText("fetch", "http://localhost:" + port + "/"));
			// ended by the timeout, long before the server would have answered
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		}
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
	}

	private int serve(com.sun.net.httpserver.HttpHandler handler) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.setExecutor(this.serverThreads);
		this.server.createContext("/", handler);
		this.server.start();
		return this.server.getAddress().getPort();
	}

	private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/** An Extism host function that reads the calling instance's attributes. */
	public static final class ContextDecorator {

		@WasmImport(module = "extism:host/user", name = "decorate")
		public String decorate(WasmCallContext context, String text) {
			if (text.startsWith("refuse ")) {
				throw new ExtismHostFunctionException("the host refused '" + text.substring(7) + "'");
			}
			if (text.startsWith("set-error")) {
				// Extism's own test_extism_error: set_error, then go on or bail
				context.setExtismError("TEST");
				if (text.endsWith("bail")) {
					throw new IllegalStateException("Error");
				}
				return text;
			}
			if (text.equals("crash")) {
				throw new IllegalStateException("the host function crashed");
			}
			return context.attribute("tenant") + ":" + text;
		}

	}

}
