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
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module's location may be an Extism manifest on the classpath: its modules are read
 * relative to it, linked by name, and its settings apply unless the application's own
 * narrow them; a bad manifest fails startup naming the field.
 */
class WasmExtismManifestTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false");

	@Test
	void manifestOnTheClasspathLinksItsModulesAndGivesItsSettings() {
		this.contextRunner
			.withPropertyValues("wasm.modules.shouter.location=classpath:plugins/linked.manifest.json",
					"wasm.modules.shouter.extism.max-var-size=1KB")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				assertThat(runtime.isExtismPlugin("shouter")).isTrue();
				assertThat(runtime.timeout("shouter")).isEqualTo(Duration.ofMillis(1500));
				assertThat(runtime.definition("shouter").extism().maxPages()).isEqualTo(32);
				// the application's limit is the smaller one
				assertThat(runtime.definition("shouter").extism().maxVarBytes()).isEqualTo(1024);
				assertThat(runtime.definition("shouter").extism().config()).containsEntry("greeting",
						"from the manifest");
				try (WasmInstance instance = runtime.newInstance("shouter")) {
					assertThat(instance.callText("upper", "classpath manifest")).isEqualTo("CLASSPATH MANIFEST");
				}
			});
	}

	@Test
	void modulesAManifestNamesByUrlAreDownloadedWithinTheLocationTimeout(@TempDir Path directory) throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread trickler = new Thread(() -> trickle(server), "trickling-server");
			trickler.setDaemon(true);
			trickler.start();
			Path manifest = Files.writeString(directory.resolve("slow.manifest.json"),
					"{\"wasm\": [{\"url\": \"http://127.0.0.1:" + server.getLocalPort() + "/slow.wasm\"}]}");
			this.contextRunner
				.withPropertyValues("wasm.modules.slow.location=" + manifest.toUri(), "wasm.location-timeout=800ms")
				.run((context) -> {
					Throwable failure = context.getStartupFailure();
					assertThat(failure).isNotNull();
					FailureAnalysis analysis = new WasmModuleLoadFailureAnalyzer().analyze(failure);
					assertThat(analysis).isNotNull();
					assertThat(analysis.getDescription()).contains("WASM module 'slow'")
						.contains("field 'wasm[0]'")
						.contains("took longer than 800 ms");
				});
		}
	}

	/** Answers every connection with a body of a byte every 200 ms. */
	private static void trickle(ServerSocket server) {
		while (!server.isClosed()) {
			try (Socket connection = server.accept(); OutputStream out = connection.getOutputStream()) {
				out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
				for (int i = 0; i < 1_000_000; i++) {
					out.write('x');
					out.flush();
					Thread.sleep(200);
				}
			}
			catch (IOException ex) {
				// the client gave up, or the server closed: serve the next one
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	@Test
	void badManifestFailsStartupNamingTheFieldAndWhatToDo() {
		this.contextRunner
			.withPropertyValues("wasm.modules.broken.location=classpath:plugins/missing-module.manifest.json")
			.run((context) -> {
				Throwable failure = context.getStartupFailure();
				assertThat(failure).isNotNull();
				FailureAnalysis analysis = new WasmModuleLoadFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getCause()).isInstanceOfSatisfying(WasmModuleLoadException.class,
						(ex) -> assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.BAD_MANIFEST));
				assertThat(analysis.getDescription()).contains("WASM module 'broken'")
					.contains("field 'wasm[0]'")
					.contains("nowhere.wasm");
				assertThat(analysis.getAction()).contains("wasm.modules.broken.location");
			});
	}

}
