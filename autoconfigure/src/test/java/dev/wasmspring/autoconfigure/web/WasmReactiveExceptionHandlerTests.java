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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import reactor.core.publisher.Mono;

import dev.wasmspring.autoconfigure.reactive.WasmReactiveCalls;
import dev.wasmspring.runtime.WasmTrapException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugin failures in a WebFlux {@code @RestController} whose {@code Mono} calls the plugin, over real HTTP to a
 * started reactive application.
 */
class WasmReactiveExceptionHandlerTests {

	@TempDir
	static Path modules;

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final Map<List<Object>, ConfigurableApplicationContext> contexts = new HashMap<>();

	@BeforeAll
	static void copyModulesToAHostPath() throws IOException {
		for (String name : List.of("loop", "traps", "add")) {
			try (var in = WasmReactiveExceptionHandlerTests.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
				Files.write(modules.resolve(name + ".wasm"), in.readAllBytes());
			}
		}
	}

	@AfterAll
	static void close() {
		contexts.values().forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void aTimeoutIsAnswered503WithAProblemDetail() throws Exception {
		int port = start(ReactivePluginController.class, "spring.webflux.problemdetails.enabled=true");
		HttpResponse<String> response = get(port, "/spin");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"title\":\"Plugin timed out\"")
			.contains("\"detail\":\"The plugin 'loop' did not answer in time in 'spin'.\"")
			.contains("\"module\":\"loop\"", "\"export\":\"spin\"", "\"failure\":\"timeout\"");
		assertNoHostDetails(response);
	}

	@Test
	void aTrapIsAnswered502AndTheNextCallWorks() throws Exception {
		int port = start(ReactivePluginController.class, "spring.webflux.problemdetails.enabled=true");
		HttpResponse<String> response = get(port, "/trap");
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body()).contains("\"title\":\"Plugin failed\"", "\"failure\":\"trap\"",
				"\"export\":\"unreachable\"");
		assertNoHostDetails(response);
		assertThat(get(port, "/add").body()).isEqualTo("42");
	}

	@Test
	void aBadArgumentIsAnswered400() throws Exception {
		int port = start(ReactivePluginController.class, "spring.webflux.problemdetails.enabled=true");
		HttpResponse<String> response = get(port, "/bad-argument");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"failure\":\"bad-argument\"", "\"module\":\"add\"");
		assertNoHostDetails(response);
	}

	@Test
	void withoutProblemDetailsTheStatusReachesTheErrorHandling() throws Exception {
		int port = start(ReactivePluginController.class);
		HttpResponse<String> response = get(port, "/spin");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"status\":503", "\"error\":\"Service Unavailable\"");
		assertNoHostDetails(response);
	}

	@Test
	void aPropertyTurnsItOff() throws Exception {
		int port = start(ReactivePluginController.class, "spring.webflux.problemdetails.enabled=true",
				"wasm.web.errors.enabled=false");
		assertThat(get(port, "/spin").statusCode()).isEqualTo(500);
	}

	@Test
	void anApplicationExceptionHandlerWins() throws Exception {
		int port = start(ApplicationHandlerConfiguration.class, "spring.webflux.problemdetails.enabled=true");
		HttpResponse<String> trap = get(port, "/trap");
		assertThat(trap.statusCode()).isEqualTo(418);
		assertThat(trap.body()).isEqualTo("teapot: UNREACHABLE");
		assertThat(get(port, "/spin").statusCode()).isEqualTo(503);
	}

	private static void assertNoHostDetails(HttpResponse<String> response) {
		assertThat(response.body()).doesNotContain(modules.toString()).doesNotContain("file:")
			.doesNotContain("fix the plugin");
	}

	private static int start(Class<?> configuration, String... properties) {
		ConfigurableApplicationContext context = contexts.computeIfAbsent(List.of(configuration, List.of(properties)),
				(key) -> run(configuration, properties));
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static ConfigurableApplicationContext run(Class<?> configuration, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "wasm.shared-cache=false",
				"wasm.modules.loop.location=file:" + modules.resolve("loop.wasm"), "wasm.modules.loop.timeout=200ms",
				"wasm.modules.traps.location=file:" + modules.resolve("traps.wasm"),
				"wasm.modules.add.location=file:" + modules.resolve("add.wasm"), "spring.main.banner-mode=off",
				"management.endpoints.enabled-by-default=false"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.REACTIVE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				BodyHandlers.ofString());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RestController
	static class ReactivePluginController {

		private final WasmReactiveCalls calls;

		ReactivePluginController(WasmReactiveCalls calls) {
			this.calls = calls;
		}

		@GetMapping("/spin")
		Mono<Object> spin() {
			return this.calls.callNew("loop", (instance) -> instance.call("spin"));
		}

		@GetMapping("/trap")
		Mono<Object> trap() {
			return this.calls.callNew("traps", (instance) -> instance.call("unreachable"));
		}

		@GetMapping("/add")
		Mono<Object> add() {
			return this.calls.callNew("add", (instance) -> instance.call("add", 40, 2));
		}

		@GetMapping("/bad-argument")
		Mono<Object> badArgument() {
			return this.calls.callNew("add", (instance) -> instance.call("add", 40));
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@Import(ReactivePluginController.class)
	static class ApplicationHandlerConfiguration {

		@Bean
		TrapAdvice trapAdvice() {
			return new TrapAdvice();
		}

	}

	@RestControllerAdvice
	static class TrapAdvice {

		@ExceptionHandler
		ResponseEntity<String> trap(WasmTrapException ex) {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("teapot: " + ex.getKind());
		}

	}

}
