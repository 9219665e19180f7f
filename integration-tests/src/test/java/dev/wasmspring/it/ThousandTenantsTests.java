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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.statistics.WasmModuleResidency;
import dev.wasmspring.sample.PricingApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample with a thousand tenants, each with a pricing plugin of its own in
 * {@code pricing.tenant-plugins} (tenant-pricing.c, built without libc, each copy with a
 * custom section of its own, so a distinct module compiled on its own): the sample
 * resolves a tenant's plugin on the tenant's first request and holds at most 100 loaded.
 * Concurrent clients ask every tenant for a quote twice, in two orders, while ten hot
 * tenants are asked throughout, so modules are evicted and come back from the disk cache
 * while requests run. Every quote is the one the tenant's plugin computes.
 */
class ThousandTenantsTests {

	private static final int TENANTS = 1_000;

	private static final int MAX_LOADED = 100;

	private static final int CLIENTS = 8;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	Path cacheDir;

	@TempDir
	Path tenantPlugins;

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	@Timeout(value = 4, unit = TimeUnit.MINUTES) // a thousand modules compiled on 2 cores
	void aThousandTenantsWithAPluginEachAllAnswerWhileModulesAreEvictedAndReloadedFromTheDiskCache() throws Exception {
		byte[] pricing = pricingPlugin();
		for (int i = 0; i < TENANTS; i++) {
			Files.write(this.tenantPlugins.resolve(tenant(i) + ".wasm"), withTenantSection(pricing, i));
		}
		this.context = new SpringApplicationBuilder(PricingApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--pricing.tenant-plugins=" + this.tenantPlugins,
				"--wasm.shared-cache=false", "--wasm.cache-dir=" + this.cacheDir,
				"--wasm.max-loaded-modules=" + MAX_LOADED);
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
				Outcome outcome = client.get(200, TimeUnit.SECONDS);
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
		// the sample's own modules, defined at startup, and the tenants' resolved ones
		Set<String> tenantModules = new HashSet<>(runtime.moduleNames());
		tenantModules.removeIf((name) -> !name.startsWith("tenant-"));
		assertThat(tenantModules).hasSize(TENANTS);
		// each metered as the sample's own pricing plugin is: a tenant's code is the
		// least
		// trusted
		assertThat(tenantModules).allSatisfy(
				(name) -> assertThat(runtime.definition(name).fuel()).isEqualTo(runtime.definition("pricing").fuel()));
		assertThat(runtime.definition("pricing").fuel()).isEqualTo(10_000_000L);
		assertThat(residency.resolved()).isEqualTo(TENANTS);
		assertThat(residency.loaded()).isLessThanOrEqualTo(MAX_LOADED);
		// each tenant's plugin compiled once; every later load of an evicted one came
		// from
		// the disk cache (or from an instance of it still open)
		assertThat(residency.compiled()).isGreaterThanOrEqualTo(TENANTS);
		assertThat(residency.fromDiskCache()).isGreaterThan(TENANTS / 2);
		assertThat(residency.evicted()).isGreaterThan(TENANTS);
		assertThat(residency.loadsOnFirstUse()).isEqualTo(
				residency.compiled() + residency.fromDiskCache() + residency.fromMemory() + residency.fromBuildTime());
		JsonNode endpoint = json.readTree(
				http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/wasm")).build(),
						BodyHandlers.ofString())
					.body());
		assertThat(endpoint.path("residency").path("loaded").size()).isBetween(1, MAX_LOADED);
		assertThat(endpoint.path("liveInstances").asLong()).isZero();
		// the service still prices for the tenants it was configured with
		assertThat(quote(port, "acme", "BOOK-1", 2, 1000).path("totalCents").asLong()).isEqualTo(1800);
	}

	/**
	 * One client: takes the next tenant of the two passes, asks it and one of ten hot
	 * tenants for a quote, until both passes are done.
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
					long quantity = 1 + called % 5;
					long unitCents = 100 + called;
					try {
						JsonNode quote = quote(port, tenant(called), "SKU-" + called, quantity, unitCents);
						if (!quote.path("plugin").asString().equals("tenant-" + tenant(called))
								|| quote.path("totalCents").asLong() != quantity * unitCents) {
							failures.add(tenant(called) + ": " + quote);
						}
					}
					catch (IllegalStateException ex) {
						failures.add(tenant(called) + ": " + ex.getMessage());
					}
				}
			}
			return new Outcome(calls, failures);
		};
	}

	private static JsonNode quote(int port, String tenant, String sku, long quantity, long unitCents)
			throws IOException, InterruptedException {
		String order = "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + ",\"unitCents\":" + unitCents + "}";
		HttpResponse<String> answer = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/quotes"))
				.header("X-Tenant", tenant)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(order))
				.build(), BodyHandlers.ofString());
		if (answer.statusCode() != 200) {
			throw new IllegalStateException(answer.statusCode() + " " + answer.body());
		}
		return json.readTree(answer.body());
	}

	private static String tenant(int index) {
		return "shop-" + index;
	}

	private record Outcome(int calls, List<String> failures) {
	}

	private static byte[] pricingPlugin() {
		try (InputStream in = ThousandTenantsTests.class.getResourceAsStream("/wasm/tenant-pricing.wasm")) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A tenant's plugin: the tenant pricing plugin with a custom section of its own, so
	 * its own digest and its own compiled code.
	 */
	static byte[] withTenantSection(byte[] plugin, int tenant) {
		byte[] name = "tenant".getBytes(StandardCharsets.UTF_8);
		byte[] payload = Integer.toString(tenant).getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(plugin);
		out.write(0);
		out.write(1 + name.length + payload.length);
		out.write(name.length);
		out.writeBytes(name);
		out.writeBytes(payload);
		return out.toByteArray();
	}

}
