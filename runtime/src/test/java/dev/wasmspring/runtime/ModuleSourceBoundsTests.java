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

package dev.wasmspring.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Module sources stop reading at the size limit plus one byte, so an endless source fails
 * {@code define} with {@code TOO_LARGE} instead of filling the heap, and downloads end
 * within their timeout on this JDK.
 */
@Timeout(30)
class ModuleSourceBoundsTests {

	private final WasmRuntime runtime = WasmRuntime.builder().withMaxModuleSize(1024 * 1024).build();

	private LocalHttpServer server;

	@AfterEach
	void close() throws IOException {
		this.runtime.close();
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void endlessStreamFailsDefineQuicklyAsTooLarge() {
		long[] served = { 0 };
		InputStream endless = new InputStream() {
			@Override
			public int read() {
				served[0]++;
				return 0;
			}

			@Override
			public int read(byte[] b, int off, int len) {
				served[0] += len;
				return len;
			}
		};
		long start = System.nanoTime();
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.runtime
				.define(WasmModuleDefinition.of("endless", ModuleSource.ofStream("stream:endless", () -> endless))))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.TOO_LARGE))
			.satisfies((ex) -> assertThat(ex.getModuleName()).isEqualTo("endless"))
			.withMessageContaining("endless")
			.withMessageContaining("1048576 bytes");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(served[0]).isLessThanOrEqualTo(1024 * 1024 + 8192);
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		assertThat(this.runtime.hasModule("add")).isTrue();
	}

	@Test
	void endlessDownloadFailsDefineAsTooLarge() throws IOException {
		this.server = new LocalHttpServer(LocalHttpServer.endless());
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.runtime.define(WasmModuleDefinition.of("remote",
					ModuleSource.ofUrl(this.server.url("/p.wasm"), Map.of(), Duration.ofSeconds(10)))))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.TOO_LARGE));
	}

	@Test
	void tricklingDownloadEndsAtItsTimeoutNamingTheLocationWithoutItsPassword() throws IOException {
		this.server = new LocalHttpServer(LocalHttpServer.trickle());
		String url = "http://deploy:S3cretPassw0rd@127.0.0.1:" + this.server.port() + "/p.wasm";
		long start = System.nanoTime();
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.runtime
				.define(WasmModuleDefinition.of("remote", ModuleSource.ofUrl(url, Map.of(), Duration.ofMillis(800)))))
			.withMessageContaining("http://deploy:****@127.0.0.1:" + this.server.port() + "/p.wasm")
			.withMessageContaining("took longer than 800 ms")
			.withMessageNotContaining("S3cret");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
		assertThat(this.server.heads.get(0)).contains("Authorization: Basic ZGVwbG95OlMzY3JldFBhc3N3MHJk");
	}

	@Test
	void downloadSendsConfiguredHeadersAndLoadsTheModule() throws IOException {
		byte[] add = TestModules.bytes("add.wasm");
		this.server = new LocalHttpServer((out) -> {
			out.write(
					("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(add.length) + "\r\n")
						.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
			out.write(add);
			out.write("\r\n0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
		});
		this.runtime.define(WasmModuleDefinition.of("remote", ModuleSource.ofUrl(this.server.url("/add.wasm"),
				Map.of("Authorization", "Bearer t0ken"), Duration.ofSeconds(5))));
		assertThat(this.runtime.hasModule("remote")).isTrue();
		assertThat(this.server.heads.get(0)).startsWith("GET /add.wasm HTTP/1.1\r\n")
			.contains("Authorization: Bearer t0ken");
	}

	@Test
	void anUnreachableLocationFailsNamingItWithoutItsPassword() throws IOException {
		int closedPort;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		String url = "http://deploy:S3cretPassw0rd@127.0.0.1:" + closedPort + "/p.wasm";
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> this.runtime
				.define(WasmModuleDefinition.of("remote", ModuleSource.ofUrl(url, Map.of(), Duration.ofSeconds(5)))))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmModuleLoadException.Reason.NOT_FOUND))
			.satisfies((ex) -> assertThat(ex.getLocation())
				.isEqualTo("http://deploy:****@127.0.0.1:" + closedPort + "/p.wasm"))
			.withMessageContaining("cannot connect to '127.0.0.1'")
			.withMessageNotContaining("S3cret");
		assertThat(new WasmModuleLoadException("m", url, WasmModuleLoadException.Reason.EMPTY, null, null))
			.hasMessageNotContaining("S3cret");
	}

	@Test
	void sourceDescriptionsNeverShowAPassword() {
		assertThat(ModuleSource.ofUrl("https://deploy:S3cret@example.com/p.wasm", Map.of(), Duration.ofSeconds(1))
			.location()).isEqualTo("https://deploy:****@example.com/p.wasm");
		assertThat(ModuleSource.of("https://deploy:S3cret@example.com/p.wasm", new byte[0]).toString())
			.isEqualTo("https://deploy:****@example.com/p.wasm");
	}

}
