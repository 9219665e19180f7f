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

package dev.wasmspring.autoconfigure.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.wasmspring.runtime.exception.WasmTrapException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugin failures over real HTTP to a started application, the same for each web stack: a
 * controller with {@code /spin} (a timeout), {@code /trap}, {@code /add} (40 + 2),
 * {@code /bad-argument}, {@code /plugin-error} (an Extism plugin's error_set) and
 * {@code /plugin-config} (its config "region"), and an application whose own
 * {@code @ExceptionHandler} answers traps with 418.
 */
abstract class PluginFailureOverHttpTests {

	@TempDir
	static Path modules;

	private static final HttpClient http = HttpClient.newHttpClient();

	// one application per configuration, shared by the tests that use it
	private static final Map<List<Object>, ConfigurableApplicationContext> contexts = new HashMap<>();

	private final WebApplicationType type;

	private final String problemDetails;

	private final Class<?> controller;

	private final Class<?> applicationHandler;

	/**
	 * @param type the web stack
	 * @param problemDetails the property that enables problem details in that stack
	 * @param controller the configuration of the plugin controller
	 * @param applicationHandler the configuration of the same controller with the
	 * application's trap handler
	 */
	PluginFailureOverHttpTests(WebApplicationType type, String problemDetails, Class<?> controller,
			Class<?> applicationHandler) {
		this.type = type;
		this.problemDetails = problemDetails + "=true";
		this.controller = controller;
		this.applicationHandler = applicationHandler;
	}

	@BeforeAll
	static void copyModulesToAHostPath() throws IOException {
		for (String name : List.of("loop", "traps", "add", "wasi-exit", "extism-c", "bombs", "fuel")) {
			try (var in = PluginFailureOverHttpTests.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
				Files.write(modules.resolve(name + ".wasm"), in.readAllBytes());
			}
		}
	}

	@AfterAll
	static void close() {
		contexts.values().forEach(ConfigurableApplicationContext::close);
		contexts.clear();
	}

	@Test
	void aTimeoutIsAnswered503WithAProblemDetail() throws Exception {
		HttpResponse<String> response = get(withProblemDetails(), "/spin");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"title\":\"Plugin timed out\"")
			.contains("\"detail\":\"The plugin 'loop' did not answer in time in 'spin'.\"")
			.contains("\"module\":\"loop\"", "\"export\":\"spin\"", "\"failure\":\"timeout\"");
		assertNoHostDetails(response);
	}

	@Test
	void aPluginTheMemoryBudgetRefusesIsAnswered503WithRetryAfterAndTheNextCallWorks() throws Exception {
		int port = withProblemDetails();
		HttpResponse<String> response = get(port, "/exhausted");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(response.body()).contains("\"title\":\"Plugin out of memory\"", "\"failure\":\"resource-exhausted\"",
				"\"module\":\"bombs\"", "\"export\":\"memory_bomb\"");
		assertNoHostDetails(response);
		assertThat(get(port, "/add").body()).isEqualTo("42");
	}

	@Test
	void aCallThatRunsOutOfFuelIsAnswered503WithoutRetryAfterAndTheNextCallWorks() throws Exception {
		int port = withProblemDetails();
		HttpResponse<String> response = get(port, "/fuel");
		assertThat(response.statusCode()).isEqualTo(503);
		// the same request runs out again: nothing invites a retry
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
		assertThat(response.body()).contains("\"title\":\"Plugin out of fuel\"",
				"\"detail\":\"The plugin 'fuel' used up its budget of work in 'forever'.\"", "\"module\":\"fuel\"",
				"\"export\":\"forever\"", "\"failure\":\"fuel-exhausted\"");
		assertNoHostDetails(response);
		assertThat(get(port, "/add").body()).isEqualTo("42");
	}

	@Test
	void aTrapIsAnswered502AndTheNextCallWorks() throws Exception {
		int port = withProblemDetails();
		HttpResponse<String> response = get(port, "/trap");
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body()).contains("\"title\":\"Plugin failed\"", "\"failure\":\"trap\"",
				"\"export\":\"unreachable\"");
		assertNoHostDetails(response);
		assertThat(get(port, "/add").body()).isEqualTo("42");
	}

	@Test
	void anExtismPluginErrorIsAnswered502AsAPluginErrorWithoutThePluginsTextAndTheNextCallWorks() throws Exception {
		int port = withProblemDetails();
		HttpResponse<String> response = get(port, "/plugin-error");
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body())
			.contains("\"title\":\"Plugin reported an error\"",
					"\"detail\":\"The plugin 'extism' reported an error in 'config'.\"", "\"module\":\"extism\"",
					"\"export\":\"config\"", "\"failure\":\"plugin-error\"")
			.doesNotContain("no such config key");
		assertNoHostDetails(response);
		assertThat(get(port, "/plugin-config").body()).isEqualTo("eu");
	}

	@Test
	void aBadArgumentIsAnswered400() throws Exception {
		HttpResponse<String> response = get(withProblemDetails(), "/bad-argument");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"failure\":\"bad-argument\"", "\"module\":\"add\"");
		assertNoHostDetails(response);
	}

	@Test
	void withoutProblemDetailsTheStatusReachesTheErrorHandling() throws Exception {
		HttpResponse<String> response = get(start(this.controller), "/spin");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"status\":503", "\"error\":\"Service Unavailable\"");
		assertNoHostDetails(response);
	}

	@Test
	void aPropertyTurnsItOff() throws Exception {
		int port = start(this.controller, this.problemDetails, "wasm.web.errors.enabled=false");
		assertThat(get(port, "/spin").statusCode()).isEqualTo(500);
	}

	@Test
	void anApplicationExceptionHandlerWins() throws Exception {
		int port = start(this.applicationHandler, this.problemDetails);
		HttpResponse<String> trap = get(port, "/trap");
		assertThat(trap.statusCode()).isEqualTo(418);
		assertThat(trap.body()).isEqualTo("teapot: UNREACHABLE");
		assertThat(get(port, "/spin").statusCode()).isEqualTo(503);
	}

	/** The port of the plugin controller's application with problem details enabled. */
	int withProblemDetails() {
		return start(this.controller, this.problemDetails);
	}

	static void assertNoHostDetails(HttpResponse<String> response) {
		assertThat(response.body()).doesNotContain(modules.toString())
			.doesNotContain("file:")
			.doesNotContain("fix the plugin");
	}

	private int start(Class<?> configuration, String... properties) {
		ConfigurableApplicationContext context = contexts.computeIfAbsent(List.of(configuration, List.of(properties)),
				(key) -> run(configuration, properties));
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private ConfigurableApplicationContext run(Class<?> configuration, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "wasm.shared-cache=false",
				"wasm.modules.loop.location=file:" + modules.resolve("loop.wasm"), "wasm.modules.loop.timeout=200ms",
				"wasm.modules.traps.location=file:" + modules.resolve("traps.wasm"),
				"wasm.modules.add.location=file:" + modules.resolve("add.wasm"),
				// a guest that writes every page it grows under a careless limit, in a
				// budget of 8 MiB
				"wasm.modules.bombs.location=file:" + modules.resolve("bombs.wasm"),
				"wasm.modules.bombs.max-memory=2000MB", "wasm.memory-budget=8MB",
				// a loop that never ends, stopped after 100000 instructions
				"wasm.modules.fuel.location=file:" + modules.resolve("fuel.wasm"), "wasm.modules.fuel.fuel=100000",
				"wasm.modules.exit.location=file:" + modules.resolve("wasi-exit.wasm"),
				"wasm.modules.exit.wasi.enabled=true", "wasm.modules.exit.wasi.stdout=capture",
				"wasm.modules.extism.location=file:" + modules.resolve("extism-c.wasm"),
				"wasm.modules.extism.extism.config.region=eu", "spring.main.banner-mode=off",
				"management.endpoints.enabled-by-default=false"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(configuration).web(this.type).properties(all.toArray(String[]::new)).run();
	}

	static HttpResponse<String> get(int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				BodyHandlers.ofString());
	}

	/** The application's own handler of traps, in either stack. */
	@RestControllerAdvice
	static class TrapAdvice {

		@ExceptionHandler
		ResponseEntity<String> trapped(WasmTrapException ex) {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("teapot: " + ex.getKind());
		}

	}

}
