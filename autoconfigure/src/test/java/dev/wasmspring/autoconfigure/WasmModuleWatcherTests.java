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

package dev.wasmspring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hot reload: {@code file:} locations watched, {@code http:} locations polled with
 * conditional requests, every reload digest-checked, compiled before the swap, and
 * refused without harm when it fails.
 */
class WasmModuleWatcherTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false", "wasm.engine=interpreter", "wasm.reload.debounce=100ms",
				"wasm.reload.poll-interval=100ms");

	@TempDir
	Path directory;

	private Path addWasm;

	private HttpServer server;

	@BeforeEach
	void copyModule() throws IOException {
		this.addWasm = this.directory.resolve("add.wasm");
		Files.write(this.addWasm, module("add"));
	}

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Test
	void offByDefault() {
		this.contextRunner.withPropertyValues("wasm.modules.add.location=file:" + this.addWasm)
			.run((context) -> assertThat(context).doesNotHaveBean(WasmModuleWatcher.class));
	}

	@Test
	void aChangedFileIsReloaded() {
		this.contextRunner
			.withPropertyValues("wasm.reload.enabled=true", "wasm.modules.add.location=file:" + this.addWasm)
			.run((context) -> {
				assertThat(add(context)).isEqualTo(42);
				replace(module("add-v2"));
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(add(context)).isEqualTo(1042));
				WasmModuleStatus status = context.getBean(WasmModuleLoader.class).status("add").orElseThrow();
				assertThat(status.digest()).isEqualTo(WasmModuleLoader.sha256(module("add-v2")));
				assertThat(status.lastReload().result()).isEqualTo(WasmReloadOutcome.Result.RELOADED);
			});
	}

	@Test
	void aBrokenFileKeepsThePreviousVersionServingAndIsReported() {
		this.contextRunner
			.withPropertyValues("wasm.reload.enabled=true", "wasm.modules.add.location=file:" + this.addWasm)
			.run((context) -> {
				replace(new byte[] { 0, 'a', 's', 'm', 1, 0, 0, 0, 42 });
				WasmModuleLoader loader = context.getBean(WasmModuleLoader.class);
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(loader.status("add").orElseThrow().reloadFailed()).isTrue());
				assertThat(loader.status("add").orElseThrow().lastReload().failure()).contains("'add'");
				assertThat(add(context)).isEqualTo(42);
				replace(module("add-v2"));
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(add(context)).isEqualTo(1042));
			});
	}

	@Test
	void aDigestPinRefusesOtherBytes() throws Exception {
		this.contextRunner
			.withPropertyValues("wasm.reload.enabled=true", "wasm.modules.add.location=file:" + this.addWasm,
					"wasm.modules.add.sha256=" + WasmModuleLoader.sha256(module("add")))
			.run((context) -> {
				replace(module("add-v2"));
				WasmModuleLoader loader = context.getBean(WasmModuleLoader.class);
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(loader.status("add").orElseThrow().reloadFailed()).isTrue());
				assertThat(loader.status("add").orElseThrow().lastReload().failure()).contains("expected");
				assertThat(add(context)).isEqualTo(42);
			});
	}

	@Test
	void anHttpLocationIsPolledWithConditionalRequests() throws Exception {
		AtomicReference<byte[]> served = new AtomicReference<>(module("add"));
		AtomicInteger notModified = new AtomicInteger();
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.createContext("/plugins/add.wasm", (exchange) -> {
			byte[] bytes = served.get();
			String etag = "\"" + WasmModuleLoader.sha256(bytes) + "\"";
			exchange.getResponseHeaders().add("ETag", etag);
			if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
				notModified.incrementAndGet();
				exchange.sendResponseHeaders(304, -1);
			}
			else {
				exchange.sendResponseHeaders(200, bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
			exchange.close();
		});
		this.server.start();
		String location = "http://localhost:" + this.server.getAddress().getPort() + "/plugins/add.wasm";
		this.contextRunner.withPropertyValues("wasm.reload.enabled=true", "wasm.modules.add.location=" + location)
			.run((context) -> {
				assertThat(add(context)).isEqualTo(42);
				await().atMost(Duration.ofSeconds(20)).until(() -> notModified.get() >= 2);
				served.set(module("add-v2"));
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(add(context)).isEqualTo(1042));
			});
	}

	@Test
	void aChangedModuleOfAnExtismManifestReloadsThePlugin() throws IOException {
		Files.write(this.directory.resolve("lib.wasm"), module("extism-linked-lib"));
		Files.write(this.directory.resolve("main.wasm"), module("extism-linked-main"));
		Path manifest = Files.writeString(this.directory.resolve("shouter.manifest.json"),
				"{\"wasm\": [{\"path\": \"lib.wasm\", \"name\": \"lib\"}, {\"path\": \"main.wasm\", \"name\": \"main\"}]}");
		this.contextRunner
			.withPropertyValues("wasm.reload.enabled=true", "wasm.modules.shouter.location=file:" + manifest)
			.run((context) -> {
				assertThat(upper(context)).isEqualTo("QUIET PLEASE");
				// the manifest's own bytes stay the same: only the module it names
				// changes
				Path next = this.directory.resolve("lib.wasm.next");
				Files.write(next, module("extism-linked-lib-v2"));
				Files.move(next, this.directory.resolve("lib.wasm"), StandardCopyOption.REPLACE_EXISTING,
						StandardCopyOption.ATOMIC_MOVE);
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(upper(context)).isEqualTo("quiet please"));
				WasmModuleStatus status = context.getBean(WasmModuleLoader.class).status("shouter").orElseThrow();
				assertThat(status.lastReload().result()).isEqualTo(WasmReloadOutcome.Result.RELOADED);
			});
	}

	@Test
	void aChangedModuleAnExtismManifestNamesByAbsolutePathReloadsThePlugin() throws IOException {
		// the library lives in a directory of its own, named by absolute path
		Path libraries = Files.createDirectories(this.directory.resolve("libraries"));
		Path lib = libraries.resolve("lib.wasm").toAbsolutePath();
		Files.write(lib, module("extism-linked-lib"));
		Files.write(this.directory.resolve("main.wasm"), module("extism-linked-main"));
		Path manifest = Files.writeString(this.directory.resolve("shouter.manifest.json"),
				"{\"wasm\": [{\"path\": \"" + lib.toString().replace("\\", "/")
						+ "\", \"name\": \"lib\"}, {\"path\": \"main.wasm\", \"name\": \"main\"}]}");
		this.contextRunner
			.withPropertyValues("wasm.reload.enabled=true", "wasm.modules.shouter.location=file:" + manifest)
			.run((context) -> {
				assertThat(upper(context)).isEqualTo("QUIET PLEASE");
				assertThat(context.getBean(WasmModuleLoader.class).linkedFiles("shouter")).contains(lib.normalize());
				Path next = libraries.resolve("lib.wasm.next");
				Files.write(next, module("extism-linked-lib-v2"));
				Files.move(next, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(upper(context)).isEqualTo("quiet please"));
				WasmModuleStatus status = context.getBean(WasmModuleLoader.class).status("shouter").orElseThrow();
				assertThat(status.lastReload().result()).isEqualTo(WasmReloadOutcome.Result.RELOADED);
			});
	}

	private static String upper(ApplicationContext context) {
		try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("shouter")) {
			return instance.callText("upper", "quiet please");
		}
	}

	private void replace(byte[] bytes) throws IOException {
		// written beside, then moved over: a reader never sees half a file
		Path next = this.directory.resolve("add.wasm.next");
		Files.write(next, bytes);
		Files.move(next, this.addWasm, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static int add(ApplicationContext context) {
		try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("add")) {
			return (int) instance.call("add", 40, 2);
		}
	}

	private static byte[] module(String name) throws IOException {
		try (InputStream in = WasmModuleWatcherTests.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
			return in.readAllBytes();
		}
	}

}
