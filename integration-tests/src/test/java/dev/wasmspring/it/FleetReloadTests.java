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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import dev.wasmspring.it.SampleClient.Answer;
import dev.wasmspring.sample.PricingApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.config.server.EnableConfigServer;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet: three replicas of the sample application reading their configuration from a
 * Spring Cloud Config Server (native profile, a directory of YAML), their {@code slugify}
 * plugin served over HTTP. Clients call every replica without pause while the plugin's
 * location changes on the config server and each replica is refreshed: all three move to
 * the new version, and no call fails.
 */
class FleetReloadTests {

	private static final String TEXT = "Hello World";

	@TempDir
	Path configRepository;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private HttpServer plugins;

	@AfterEach
	void stop() {
		for (int i = this.contexts.size() - 1; i >= 0; i--) {
			this.contexts.get(i).close();
		}
		if (this.plugins != null) {
			this.plugins.stop(0);
		}
	}

	@Test
	void aConfigurationChangeMovesEveryReplicaToTheNewPluginWithNoFailedCall() throws Exception {
		this.plugins = servePlugins(Map.of("/plugins/slugify-1.0.wasm", bytes("/plugins/slugify.wasm"),
				"/plugins/slugify-2.0.wasm", bytes("/wasm/slugify-v2.wasm")));
		String pluginBase = "http://localhost:" + this.plugins.getAddress().getPort() + "/plugins/";
		writeConfiguration(pluginBase + "slugify-1.0.wasm");
		int configServer = port(start(new SpringApplicationBuilder(ConfigServer.class), "--server.port=0",
				"--spring.config.name=config-server", "--spring.profiles.active=native",
				"--spring.cloud.config.enabled=false", "--spring.cloud.compatibility-verifier.enabled=false",
				"--spring.cloud.config.server.native.search-locations=file:" + this.configRepository + "/"));

		List<SampleClient> replicas = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ConfigurableApplicationContext replica = start(new SpringApplicationBuilder(PricingApplication.class),
					"--server.port=0", "--spring.cloud.config.enabled=true",
					"--spring.config.import=configserver:http://localhost:" + configServer,
					"--management.endpoints.web.exposure.include=health,wasm,refresh");
			replicas.add(new SampleClient(port(replica)));
		}
		for (SampleClient replica : replicas) {
			assertThat(replica.get("/slug?text=Hello+World").string("slug")).isEqualTo("hello-world");
		}

		Calls calls = new Calls(replicas);
		calls.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> calls.answered.get() >= 30);
			writeConfiguration(pluginBase + "slugify-2.0.wasm");
			for (SampleClient replica : replicas) {
				Answer refreshed = replica.postJson("/actuator/refresh", Map.of(), "");
				assertThat(refreshed.status()).isEqualTo(200);
				assertThat(refreshed.text()).contains("wasm.modules.slugify.location");
			}
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(calls.lastSlugs.values()).hasSize(3).containsOnly("hello_world"));
			long answeredAfterMove = calls.answered.get();
			await().atMost(Duration.ofSeconds(10)).until(() -> calls.answered.get() >= answeredAfterMove + 30);
		}
		finally {
			calls.stop();
		}
		assertThat(calls.failures).isEmpty();
		assertThat(calls.slugsSeen).containsExactlyInAnyOrder("hello-world", "hello_world");
		for (SampleClient replica : replicas) {
			assertThat(replica.get("/actuator/wasm/slugify").string("source"))
				.isEqualTo(pluginBase + "slugify-2.0.wasm");
		}
	}

	private void writeConfiguration(String slugifyLocation) throws IOException {
		Files.writeString(this.configRepository.resolve("pricing-service.yml"),
				"wasm:\n  modules:\n    slugify:\n      location: " + slugifyLocation + "\n");
	}

	private ConfigurableApplicationContext start(SpringApplicationBuilder builder, String... args) {
		ConfigurableApplicationContext context = builder.run(args);
		this.contexts.add(context);
		return context;
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static HttpServer servePlugins(Map<String, byte[]> files) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		files.forEach((path, bytes) -> server.createContext(path, (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/wasm");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}));
		server.start();
		return server;
	}

	private static byte[] bytes(String resource) throws IOException {
		try (InputStream in = FleetReloadTests.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return in.readAllBytes();
		}
	}

	/**
	 * One client thread per replica, calling without pause and remembering every answer
	 * that is not right.
	 */
	private static final class Calls {

		final AtomicLong answered = new AtomicLong();

		final List<String> failures = new CopyOnWriteArrayList<>();

		final Set<String> slugsSeen = ConcurrentHashMap.newKeySet();

		final Map<Integer, String> lastSlugs = new ConcurrentHashMap<>();

		private final List<SampleClient> replicas;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final List<Thread> threads = new ArrayList<>();

		Calls(List<SampleClient> replicas) {
			this.replicas = replicas;
		}

		void start() {
			for (int i = 0; i < this.replicas.size(); i++) {
				int replica = i;
				Thread thread = new Thread(() -> call(replica), "fleet-client-" + i);
				this.threads.add(thread);
				thread.start();
			}
		}

		private void call(int replica) {
			SampleClient client = this.replicas.get(replica);
			while (this.running.get()) {
				try {
					Answer answer = client.get("/slug?text=Hello+World");
					String slug = (answer.status() == 200) ? answer.string("slug") : null;
					if (slug == null || !(slug.equals("hello-world") || slug.equals("hello_world"))) {
						this.failures.add("replica " + replica + ": " + answer.status() + " " + answer.text());
					}
					else {
						this.slugsSeen.add(slug);
						this.lastSlugs.put(replica, slug);
					}
				}
				catch (RuntimeException ex) {
					this.failures.add("replica " + replica + ": " + ex);
				}
				this.answered.incrementAndGet();
			}
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(10_000);
			}
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableConfigServer
	static class ConfigServer {

	}

}
