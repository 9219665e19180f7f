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
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.wasmspring.autoconfigure.actuate.WasmActuatorEndpointTests.testModule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile plugin servers and plugin files against a started application, over real HTTP:
 * a server trickling its body delays no other module's reload and no actuator reload of
 * another module; an endless body stops at the module size limit and the application
 * keeps answering; a password in a location is never shown; a plugin file replaced by a
 * link to {@code /etc/passwd} shows none of its bytes; the endpoint reads no large
 * request body.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class WasmRemoteModuleAttackTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	private Path addWasm;

	private PluginServer server;

	private ConfigurableApplicationContext context;

	private int port;

	private boolean reactive;

	@BeforeEach
	void serve() throws IOException {
		this.addWasm = this.directory.resolve("add.wasm");
		Files.write(this.addWasm, testModule("add"));
		this.server = new PluginServer(PluginServer.module(testModule("add")));
	}

	@AfterEach
	void close() throws IOException {
		if (this.context != null) {
			this.context.close();
		}
		this.server.close();
	}

	@Test
	void aTricklingPluginServerDelaysNeitherAnotherModulesReloadNorItsActuatorReload() throws Exception {
		start("wasm.location-timeout=3s");
		this.server.answer.set(PluginServer.trickle());
		Thread.sleep(600); // the poll of 'remote' is now stuck in the trickling body
		long changed = System.nanoTime();
		Files.write(this.addWasm, testModule("add-v2"));
		while (add(40, 2) != 1042) {
			assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(2));
			Thread.sleep(50);
		}
		CompletableFuture<HttpResponse<String>> remote = http.sendAsync(postRequest("/actuator/wasm/remote", ""),
				BodyHandlers.ofString());
		Thread.sleep(200);
		Files.write(this.addWasm, testModule("add"));
		long posted = System.nanoTime();
		HttpResponse<String> other = post("/actuator/wasm/add", "");
		assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(2));
		assertThat(json.readTree(other.body()).path("result").asString()).isIn("RELOADED", "UNCHANGED");
		assertThat(add(40, 2)).isEqualTo(42);
		HttpResponse<String> slow = remote.get();
		assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(8));
		JsonNode answer = json.readTree(slow.body());
		assertThat(answer.path("result").asString()).isEqualTo("FAILED");
		assertThat(answer.path("failure").asString()).containsAnyOf("took longer than 3000 ms",
				"Another reload of WASM module 'remote' is still running");
		assertThat(remote(1, 2)).isEqualTo(3);
	}

	@Test
	void anEndlessPluginBodyStopsAtTheModuleSizeLimitAndTheApplicationKeepsAnswering() throws Exception {
		start("wasm.max-module-size=1MB");
		this.server.answer.set(PluginServer.endless());
		JsonNode failure;
		do {
			Thread.sleep(100);
			failure = getJson("/actuator/health").path("components")
				.path("wasm")
				.path("components")
				.path("remote")
				.path("details")
				.path("lastReload")
				.path("failure");
		}
		while (failure.isMissingNode());
		assertThat(failure.asString()).contains("more than 1048576 bytes");
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(remote(1, 2)).isEqualTo(3);
		assertThat(add(40, 2)).isEqualTo(42);
	}

	@Test
	void aPasswordInALocationIsNeverShown(CapturedOutput output) throws Exception {
		String location = "http://deploy:S3cretPassw0rd@127.0.0.1:" + this.server.port() + "/remote.wasm";
		start("wasm.modules.remote.location=" + location, "wasm.modules.headed.location=" + this.server.url("/h.wasm"),
				"wasm.modules.headed.headers.Authorization=Bearer t0ken");
		assertThat(this.server.heads)
			.anySatisfy((head) -> assertThat(head).contains("Authorization: Basic ZGVwbG95OlMzY3JldFBhc3N3MHJk"));
		assertThat(this.server.heads)
			.anySatisfy((head) -> assertThat(head).startsWith("GET /h.wasm ").contains("Authorization: Bearer t0ken"));
		String shown = "http://deploy:****@127.0.0.1:" + this.server.port() + "/remote.wasm";
		assertThat(getJson("/actuator/wasm").path("modules").path("remote").path("source").asString()).isEqualTo(shown);
		this.server.answer.set(PluginServer.module("not a module".getBytes(StandardCharsets.UTF_8)));
		String reload = post("/actuator/wasm/remote", "").body();
		assertThat(json.readTree(reload).path("result").asString()).isEqualTo("FAILED");
		this.server.answer.set(PluginServer.status(500));
		String failedRead = post("/actuator/wasm/remote", "").body();
		String health = get("/actuator/health").body();
		String endpoint = get("/actuator/wasm").body();
		assertThat(reload + failedRead + health + endpoint).contains(shown).doesNotContain("S3cret");
		assertThat(output.getAll()).contains("from " + shown).doesNotContain("S3cret");
	}

	@Test
	void aPluginFileReplacedByALinkToPasswdShowsNoneOfItsBytes() throws Exception {
		Path passwd = Path.of("/etc/passwd");
		String firstBytes = new String(Files.readAllBytes(passwd), StandardCharsets.ISO_8859_1).substring(0, 8);
		String firstBytesHex = java.util.HexFormat.of().formatHex(firstBytes.getBytes(StandardCharsets.ISO_8859_1));
		start();
		Files.delete(this.addWasm);
		Files.createSymbolicLink(this.addWasm, passwd);
		JsonNode reload = json.readTree(post("/actuator/wasm/add", "").body());
		assertThat(reload.path("result").asString()).isEqualTo("FAILED");
		assertThat(reload.path("failure").asString()).contains("is not a WebAssembly binary");
		String health = get("/actuator/health").body();
		String endpoint = get("/actuator/wasm").body();
		assertThat(reload + health + endpoint).doesNotContain(firstBytes)
			.doesNotContain(firstBytesHex)
			.doesNotContain(firstBytes.substring(0, 4));
		JsonNode add = json.readTree(endpoint).path("modules").path("add");
		assertThat(add.path("size").asLong()).isEqualTo(testModule("add").length);
		assertThat(add(40, 2)).isEqualTo(42);
	}

	@Test
	void theEndpointReadsNoLargeRequestBody() throws Exception {
		start();
		byte[] megabyte = new byte[1024 * 1024];
		java.util.Arrays.fill(megabyte, (byte) 'x');
		String announced = rawPost("Content-Length: " + (8L * 1024 * 1024) + "\r\n", (out) -> {
			out.write("{\"a\":\"".getBytes(StandardCharsets.UTF_8));
			for (int i = 0; i < 8; i++) {
				out.write(megabyte);
			}
		});
		assertThat(announced).startsWith("HTTP/1.1 413");
		String chunked = rawPost("Transfer-Encoding: chunked\r\n", (out) -> {
			out.write("6\r\n{\"a\":\"\r\n".getBytes(StandardCharsets.UTF_8));
			for (int i = 0; i < 8; i++) {
				out.write((Integer.toHexString(megabyte.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
				out.write(megabyte);
				out.write("\r\n".getBytes(StandardCharsets.UTF_8));
			}
		});
		assertThat(chunked).matches("HTTP/1.1 [45]\\d\\d .*");
		assertThat(json.readTree(post("/actuator/wasm/add", "").body()).path("result").asString())
			.isEqualTo("UNCHANGED");
	}

	@Test
	void theEndpointReadsNoLargeRequestBodyInAWebFluxApplication() throws Exception {
		this.reactive = true;
		theEndpointReadsNoLargeRequestBody();
	}

	/**
	 * Sends a POST to the reload operation over a raw socket, writing as much body as the
	 * server takes.
	 */
	private String rawPost(String headers, PluginServer.Answer body) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /actuator/wasm/add HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ headers + "\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			try {
				body.write(out);
				out.flush();
			}
			catch (IOException ex) {
				// the server stopped reading: what it answered is below
			}
			InputStream in = socket.getInputStream();
			StringBuilder status = new StringBuilder();
			for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
				status.append((char) b);
			}
			return status.toString();
		}
	}

	private void start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "wasm.shared-cache=false",
				"wasm.engine=interpreter", "wasm.timeout=2s", "wasm.modules.add.location=file:" + this.addWasm,
				"wasm.modules.remote.location=" + this.server.url("/remote.wasm"), "wasm.reload.enabled=true",
				"wasm.reload.debounce=50ms", "wasm.reload.poll-interval=200ms",
				"management.endpoints.web.exposure.include=health,wasm", "management.endpoint.wasm.access=unrestricted",
				"management.endpoint.health.show-details=always", "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		this.context = new SpringApplicationBuilder(WasmActuatorEndpointTests.TestApplication.class)
			.web(this.reactive ? WebApplicationType.REACTIVE : WebApplicationType.SERVLET)
			.properties(all.toArray(String[]::new))
			.run();
		this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	private int add(int a, int b) {
		try (WasmInstance instance = this.context.getBean(WasmRuntime.class).newInstance("add")) {
			return (int) instance.call("add", a, b);
		}
	}

	private int remote(int a, int b) {
		try (WasmInstance instance = this.context.getBean(WasmRuntime.class).newInstance("remote")) {
			return (int) instance.call("add", a, b);
		}
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private JsonNode getJson(String path) throws Exception {
		return json.readTree(get(path).body());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).build(),
				BodyHandlers.ofString());
	}

	private HttpRequest postRequest(String path, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
		return (body.isEmpty() ? request.POST(BodyPublishers.noBody())
				: request.header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)))
			.build();
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return http.send(postRequest(path, body), BodyHandlers.ofString());
	}

	/**
	 * A plugin server on 127.0.0.1 whose answer the test changes while the application
	 * runs.
	 */
	static final class PluginServer implements AutoCloseable {

		interface Answer {

			void write(OutputStream out) throws IOException, InterruptedException;

		}

		final AtomicReference<Answer> answer;

		final List<String> heads = new CopyOnWriteArrayList<>();

		private final ServerSocket socket;

		private final ExecutorService threads = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "plugin-server");
			thread.setDaemon(true);
			return thread;
		});

		PluginServer(Answer answer) throws IOException {
			this.answer = new AtomicReference<>(answer);
			this.socket = new ServerSocket();
			this.socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			this.threads.execute(() -> {
				while (!this.socket.isClosed()) {
					try {
						Socket connection = this.socket.accept();
						this.threads.execute(() -> serve(connection));
					}
					catch (IOException ex) {
						return;
					}
				}
			});
		}

		private void serve(Socket connection) {
			try (connection) {
				InputStream in = connection.getInputStream();
				StringBuilder head = new StringBuilder();
				while (!head.toString().endsWith("\r\n\r\n")) {
					int b = in.read();
					if (b < 0) {
						break;
					}
					head.append((char) b);
				}
				this.heads.add(head.toString());
				this.answer.get().write(connection.getOutputStream());
				connection.getOutputStream().flush();
			}
			catch (IOException | InterruptedException ex) {
				// the client went away
			}
		}

		int port() {
			return this.socket.getLocalPort();
		}

		String url(String path) {
			return "http://127.0.0.1:" + port() + path;
		}

		static Answer module(byte[] bytes) {
			return (out) -> {
				out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.ISO_8859_1));
				out.write(bytes);
			};
		}

		static Answer status(int status) {
			return (out) -> out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
		}

		/** 5 bytes a second. */
		static Answer trickle() {
			return (out) -> {
				out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				for (int i = 0; i < 1_000_000; i++) {
					out.write(0);
					out.flush();
					Thread.sleep(200);
				}
			};
		}

		static Answer endless() {
			return (out) -> {
				out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
				byte[] chunk = new byte[64 * 1024];
				while (true) {
					out.write(chunk);
				}
			};
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
			this.threads.shutdownNow();
		}

	}

}
