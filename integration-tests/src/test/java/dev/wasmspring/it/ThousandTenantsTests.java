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

package dev.wasmspring.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wasmspring.runtime.ModuleSource;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmModuleDefinition;
import dev.wasmspring.runtime.WasmModuleResolver;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.statistics.WasmModuleResidency;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand tenants, each with a plugin of its own (a distinct module, so each is
 * compiled on its own), served over HTTP by an application that resolves a tenant's
 * plugin on its first request and holds at most 100 loaded: concurrent clients call every
 * tenant twice, in two orders, while hot tenants are called throughout, so modules are
 * evicted and come back from the disk cache while requests run. Every call answers.
 */
class ThousandTenantsTests {

	private static final int TENANTS = 1_000;

	private static final int MAX_LOADED = 100;

	private static final int CLIENTS = 8;

	private static final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	Path cacheDir;

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void aThousandTenantsWithAPluginEachAllAnswerWhileModulesAreEvictedAndReloadedFromTheDiskCache() throws Exception {
		this.context = new SpringApplicationBuilder(TenantPluginsApplication.class).web(WebApplicationType.SERVLET)
			// not the sample's application.properties: this application has only its
			// tenants
			.properties("spring.config.name=thousand-tenants", "spring.cloud.config.enabled=false",
					"spring.cloud.compatibility-verifier.enabled=false", "server.port=0", "spring.main.banner-mode=off",
					"wasm.shared-cache=false", "wasm.cache-dir=" + this.cacheDir,
					"wasm.max-loaded-modules=" + MAX_LOADED, "management.endpoints.web.exposure.include=wasm")
			.run();
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		List<Integer> firstPass = new ArrayList<>();
		for (int i = 0; i < TENANTS; i++) {
			firstPass.add(i);
		}
		List<Integer> secondPass = new ArrayList<>(firstPass);
		Collections.shuffle(secondPass, new Random(25));
		List<Integer> order = new ArrayList<>(firstPass);
		order.addAll(secondPass);
		AtomicInteger next = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
		List<String> failures = new ArrayList<>();
		int calls = 0;
		try {
			List<Future<Outcome>> clients = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				clients.add(threads.submit(client(port, order, next, start)));
			}
			start.countDown();
			for (Future<Outcome> client : clients) {
				Outcome outcome = client.get(100, TimeUnit.SECONDS);
				failures.addAll(outcome.failures());
				calls += outcome.calls();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(failures).isEmpty();
		assertThat(calls).isEqualTo(4 * TENANTS);
		WasmRuntime runtime = this.context.getBean(WasmRuntime.class);
		WasmModuleResidency residency = runtime.residency();
		assertThat(residency.defined()).isEqualTo(TENANTS);
		assertThat(residency.loaded()).isLessThanOrEqualTo(MAX_LOADED);
		assertThat(residency.resolved()).isEqualTo(TENANTS);
		// each plugin compiled once; every later load of an evicted one came from the
		// disk
		// cache (or from an instance of it still open)
		assertThat(residency.compiled()).isEqualTo(TENANTS);
		assertThat(residency.fromDiskCache()).isGreaterThan(TENANTS / 2);
		assertThat(residency.evicted()).isGreaterThan(TENANTS);
		assertThat(residency.loadsOnFirstUse())
			.isEqualTo(residency.compiled() + residency.fromDiskCache() + residency.fromMemory());
		JsonNode endpoint = JsonMapper.builder()
			.build()
			.readTree(http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/wasm")).build(),
						BodyHandlers.ofString())
				.body());
		assertThat(endpoint.path("residency").path("defined").asInt()).isEqualTo(TENANTS);
		assertThat(endpoint.path("residency").path("loaded").size()).isBetween(1, MAX_LOADED);
		assertThat(endpoint.path("liveInstances").asLong()).isZero();
	}

	/**
	 * One client: takes the next tenant of the two passes, calls it and one of ten hot
	 * tenants, until both passes are done.
	 */
	private static Callable<Outcome> client(int port, List<Integer> order, AtomicInteger next, CountDownLatch start) {
		return () -> {
			List<String> failures = new ArrayList<>();
			int calls = 0;
			start.await();
			for (int index = next.getAndIncrement(); index < order.size(); index = next.getAndIncrement()) {
				int tenant = order.get(index);
				for (int called : new int[] { tenant, index % 10 }) {
					calls++;
					HttpResponse<String> answer = http.send(HttpRequest
						.newBuilder(URI.create(
								"http://localhost:" + port + "/tenants/tenant-" + called + "/add?a=" + called + "&b=1"))
						.build(), BodyHandlers.ofString());
					if (answer.statusCode() != 200 || !answer.body().equals(Integer.toString(called + 1))) {
						failures.add("tenant-" + called + ": " + answer.statusCode() + " " + answer.body());
					}
				}
			}
			return new Outcome(calls, failures);
		};
	}

	private record Outcome(int calls, List<String> failures) {
	}

	/**
	 * Each tenant's plugin: add.wasm with a custom section of its own, its own digest.
	 */
	static byte[] plugin(int tenant) {
		byte[] add;
		try (InputStream in = ThousandTenantsTests.class.getResourceAsStream("/wasm/add.wasm")) {
			add = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] name = "tenant".getBytes(StandardCharsets.UTF_8);
		byte[] payload = Integer.toString(tenant).getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(add);
		out.write(0);
		out.write(1 + name.length + payload.length);
		out.write(name.length);
		out.writeBytes(name);
		out.writeBytes(payload);
		return out.toByteArray();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TenantPluginsApplication {

		/** A tenant's name to its own plugin, resolved on the tenant's first request. */
		@Bean
		WasmModuleResolver tenantPlugins() {
			return (name) -> {
				if (!name.matches("tenant-[0-9]{1,4}")) {
					return null;
				}
				int tenant = Integer.parseInt(name.substring("tenant-".length()));
				return WasmModuleDefinition.of(name, ModuleSource.of(name + ".wasm", () -> plugin(tenant)));
			};
		}

		@Bean
		TenantAddController tenantAddController(WasmRuntime runtime) {
			return new TenantAddController(runtime);
		}

	}

	@RestController
	static class TenantAddController {

		private final WasmRuntime runtime;

		TenantAddController(WasmRuntime runtime) {
			this.runtime = runtime;
		}

		@GetMapping("/tenants/{tenant}/add")
		String add(@PathVariable String tenant, @RequestParam int a, @RequestParam int b) {
			try (WasmInstance instance = this.runtime.newInstance(tenant)) {
				return String.valueOf(instance.call("add", a, b));
			}
		}

	}

}
