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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.module.WasmModuleResolver;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.AfterEach;
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
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Modules loaded on their first use ({@code lazy: true}, a {@link WasmModuleResolver}
 * bean) and a bounded set of loaded modules ({@code wasm.max-loaded-modules}), as health
 * and {@code /actuator/wasm} report them over real HTTP; reporting never loads a module.
 */
class WasmModulesOnDemandTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path cacheDir;

	private ConfigurableApplicationContext context;

	private int port;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void lazyModuleIsReportedNotLoadedUntilItsFirstUse() throws Exception {
		start(PlainApplication.class, "wasm.modules.add.location=classpath:wasm/add.wasm",
				"wasm.modules.add.lazy=true");
		WasmRuntime runtime = this.context.getBean(WasmRuntime.class);
		assertThat(runtime.isLoaded("add")).isFalse();
		JsonNode add = getJson("/actuator/health").path("components").path("wasm").path("components").path("add");
		assertThat(add.path("status").asString()).isEqualTo("UP");
		assertThat(add.path("details").path("lazy").asBoolean()).isTrue();
		assertThat(add.path("details").path("loaded").asBoolean()).isFalse();
		JsonNode residency = getJson("/actuator/wasm").path("residency");
		assertThat(residency.path("defined").asInt()).isEqualTo(1);
		assertThat(residency.path("loaded").size()).isZero();
		assertThat(runtime.isLoaded("add")).isFalse();
		try (WasmInstance instance = runtime.newInstance("add")) {
			assertThat(instance.call("add", 40, 2)).isEqualTo(42);
		}
		add = getJson("/actuator/health").path("components").path("wasm").path("components").path("add");
		assertThat(add.path("details").path("loaded").asBoolean()).isTrue();
		residency = getJson("/actuator/wasm").path("residency");
		assertThat(residency.path("loaded").get(0).asString()).isEqualTo("add");
		assertThat(residency.path("loadsOnFirstUse").asLong()).isEqualTo(1);
		assertThat(residency.path("compiled").asLong()).isEqualTo(1);
	}

	@Test
	void resolverBeanResolvesTenantsOnFirstUseAndTheLimitEvictsTheLeastRecentlyUsed() throws Exception {
		start(TenantApplication.class, "wasm.max-loaded-modules=2", "wasm.cache-dir=" + this.cacheDir);
		WasmRuntime runtime = this.context.getBean(WasmRuntime.class);
		for (String tenant : List.of("tenant-a", "tenant-b", "tenant-c", "tenant-a")) {
			try (WasmInstance instance = runtime.newInstance(tenant)) {
				assertThat(instance.call("add", 1, 2)).isEqualTo(3);
			}
		}
		JsonNode residency = getJson("/actuator/wasm").path("residency");
		assertThat(residency.path("maxLoaded").asInt()).isEqualTo(2);
		assertThat(residency.path("defined").asInt()).isEqualTo(3);
		assertThat(names(residency.path("loaded"))).containsExactly("tenant-a", "tenant-c");
		assertThat(residency.path("resolved").asLong()).isEqualTo(3);
		assertThat(residency.path("evicted").asLong()).isEqualTo(2);
		// the three tenants share one digest: compiled once, then found in memory
		assertThat(residency.path("compiled").asLong()).isEqualTo(1);
		assertThat(residency.path("fromMemory").asLong()).isEqualTo(3);
		assertThat(runtime.residency().loadsOnFirstUse()).isEqualTo(4);
		assertThat(getJson("/actuator/health").path("status").asString()).isEqualTo("UP");
	}

	private static List<String> names(JsonNode array) {
		List<String> names = new ArrayList<>();
		array.forEach((name) -> names.add(name.asString()));
		return names;
	}

	private void start(Class<?> application, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "wasm.shared-cache=false",
				"wasm.engine=interpreter", "management.endpoint.health.show-details=always",
				"management.endpoints.web.exposure.include=health,wasm", "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		this.context = new SpringApplicationBuilder(application).web(WebApplicationType.SERVLET)
			.properties(all.toArray(String[]::new))
			.run();
		this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	private JsonNode getJson(String path) throws Exception {
		return json
			.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					BodyHandlers.ofString())
				.body());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PlainApplication {

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TenantApplication {

		@Bean
		WasmModuleResolver tenantPlugins() {
			return (name) -> name.startsWith("tenant-") ? WasmModuleDefinition.of(name,
					ModuleSource.of("classpath:wasm/add.wasm", () -> WasmActuatorEndpointTests.testModule("add")))
					: null;
		}

	}

}
