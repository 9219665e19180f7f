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

package dev.wasmspring.autoconfigure.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code wasm} health component and the {@code /actuator/wasm} endpoint, over real
 * HTTP to a started application whose module is a file that the tests replace.
 */
class WasmActuatorEndpointTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	private Path addWasm;

	private ConfigurableApplicationContext context;

	private int port;

	@BeforeEach
	void copyModule() throws IOException {
		this.addWasm = this.directory.resolve("add.wasm");
		Files.write(this.addWasm, testModule("add"));
	}

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void healthHasOneComponentPerModule() throws Exception {
		start();
		JsonNode health = getJson("/actuator/health");
		assertThat(health.path("status").asString()).isEqualTo("UP");
		JsonNode add = health.path("components").path("wasm").path("components").path("add");
		assertThat(add.path("status").asString()).isEqualTo("UP");
		assertThat(add.path("details").path("digest").asString()).isEqualTo(sha256(testModule("add")));
		assertThat(add.path("details").path("engine").asString()).isEqualTo("interpreter");
		assertThat(add.path("details").path("timeout").asString()).isEqualTo("PT2S");
		assertThat(add.path("details").path("loadedAt").asString()).isNotBlank();
		assertThat(health.path("components").path("wasm").path("components").path("stateful").path("status").asString())
			.isEqualTo("UP");
	}

	@Test
	void theEndpointIsNotExposedByDefault() throws Exception {
		start();
		assertThat(get("/actuator/wasm").statusCode()).isEqualTo(404);
	}

	@Test
	void theEndpointDescribesModulesWithTheirTypes() throws Exception {
		start("management.endpoints.web.exposure.include=health,wasm");
		try (WasmInstance instance = this.context.getBean(WasmRuntime.class).newInstance("add")) {
			instance.call("add", 1, 2);
		}
		JsonNode wasm = getJson("/actuator/wasm");
		assertThat(wasm.path("engine").asString()).isEqualTo("interpreter");
		assertThat(wasm.path("instancesCreated").asLong()).isGreaterThanOrEqualTo(1);
		JsonNode add = wasm.path("modules").path("add");
		assertThat(add.path("digest").asString()).isEqualTo(sha256(testModule("add")));
		assertThat(add.path("size").asLong()).isEqualTo(testModule("add").length);
		assertThat(add.path("source").asString()).isEqualTo("file:" + this.addWasm);
		assertThat(add.path("origin").asString()).isEqualTo("compiled");
		assertThat(add.path("exports").path("add").asString()).isEqualTo("(i32, i32) -> i32");
		assertThat(add.path("limits").path("timeout").asString()).isEqualTo("PT2S");
		assertThat(add.path("compilations").asLong()).isEqualTo(1);
		assertThat(add.path("instances").path("created").asLong()).isEqualTo(1);
		assertThat(add.path("instances").path("live").asLong()).isZero();
		assertThat(getJson("/actuator/wasm/add").path("digest").asString()).isEqualTo(sha256(testModule("add")));
		assertThat(get("/actuator/wasm/nothing").statusCode()).isEqualTo(404);
	}

	@Test
	void reloadingIsReadOnlyByDefault() throws Exception {
		start("management.endpoints.web.exposure.include=health,wasm");
		Files.write(this.addWasm, testModule("add-v2"));
		assertThat(post("/actuator/wasm/add").statusCode()).isIn(404, 405);
		assertThat(add(40, 2)).isEqualTo(42);
	}

	@Test
	void aReloadAllowedByAccessSwapsInTheNewVersion() throws Exception {
		start("management.endpoints.web.exposure.include=health,wasm", "management.endpoint.wasm.access=unrestricted");
		assertThat(json.readTree(post("/actuator/wasm/add").body()).path("result").asString()).isEqualTo("UNCHANGED");
		Files.write(this.addWasm, testModule("add-v2"));
		HttpResponse<String> reload = post("/actuator/wasm/add");
		assertThat(reload.statusCode()).isEqualTo(200);
		assertThat(json.readTree(reload.body()).path("result").asString()).isEqualTo("RELOADED");
		assertThat(add(40, 2)).isEqualTo(1042);
		assertThat(getJson("/actuator/wasm/add").path("digest").asString()).isEqualTo(sha256(testModule("add-v2")));
	}

	@Test
	void aFailedReloadKeepsServingAndHealthSaysSo() throws Exception {
		start("management.endpoints.web.exposure.include=health,wasm", "management.endpoint.wasm.access=unrestricted");
		Files.write(this.addWasm, new byte[] { 0, 'a', 's', 'm', 9, 9 });
		HttpResponse<String> reload = post("/actuator/wasm/add");
		assertThat(json.readTree(reload.body()).path("result").asString()).isEqualTo("FAILED");
		assertThat(add(40, 2)).isEqualTo(42);
		JsonNode health = getJson("/actuator/health");
		JsonNode add = health.path("components").path("wasm").path("components").path("add");
		assertThat(add.path("status").asString()).isEqualTo("UP");
		assertThat(add.path("details").path("digest").asString()).isEqualTo(sha256(testModule("add")));
		assertThat(add.path("details").path("lastReload").path("result").asString()).isEqualTo("FAILED");
		assertThat(add.path("details").path("lastReload").path("failure").asString()).contains("add");
		assertThat(add.path("details").path("serving").asString()).contains("previous version");
	}

	@Test
	void theStatusOfAFailedReloadIsConfigurable() throws Exception {
		start("management.endpoints.web.exposure.include=health,wasm", "management.endpoint.wasm.access=unrestricted",
				"wasm.health.reload-failure-status=OUT_OF_SERVICE");
		Files.write(this.addWasm, new byte[] { 1, 2, 3 });
		post("/actuator/wasm/add");
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(503);
		assertThat(json.readTree(health.body())
			.path("components")
			.path("wasm")
			.path("components")
			.path("add")
			.path("status")
			.asString()).isEqualTo("OUT_OF_SERVICE");
	}

	private int add(int a, int b) {
		try (WasmInstance instance = this.context.getBean(WasmRuntime.class).newInstance("add")) {
			return (int) instance.call("add", a, b);
		}
	}

	private void start(String... properties) {
		List<String> all = new ArrayList<>(
				List.of("server.port=0", "wasm.shared-cache=false", "wasm.engine=interpreter", "wasm.timeout=2s",
						"wasm.modules.add.location=file:" + this.addWasm, "wasm.modules.stateful.timeout=1s",
						"management.endpoint.health.show-details=always", "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		this.context = new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.SERVLET)
			.properties(all.toArray(String[]::new))
			.run();
		this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	private JsonNode getJson(String path) throws Exception {
		return json.readTree(get(path).body());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.POST(BodyPublishers.noBody())
			.build(), BodyHandlers.ofString());
	}

	static byte[] testModule(String name) throws IOException {
		try (InputStream in = WasmActuatorEndpointTests.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
			return in.readAllBytes();
		}
	}

	static String sha256(byte[] bytes) throws Exception {
		return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
