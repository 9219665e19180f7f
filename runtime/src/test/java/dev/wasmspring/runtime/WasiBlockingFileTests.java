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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.wasi.WasiConfig;
import dev.wasmspring.runtime.wasi.WasiConfig.Output;
import dev.wasmspring.runtime.wasi.WasiInstanceOptions;
import dev.wasmspring.runtime.wasi.WasmCommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What could hold a guest's thread in the kernel past its deadline: opening a FIFO nobody
 * writes to, and reading a standard input that never sends. The first answers an errno at
 * once, the second ends at the deadline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WasiBlockingFileTests {

	@TempDir
	Path sandbox;

	private final WasmRuntime runtime = WasmRuntime.builder().build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void openingAFifoOrASocketInADirectoryAnswersAnErrnoAtOnce() throws Exception {
		Process mkfifo = new ProcessBuilder("mkfifo", this.sandbox.resolve("pipe").toString()).inheritIO().start();
		assertThat(mkfifo.waitFor()).isZero();
		Files.writeString(this.sandbox.resolve("file.txt"), "regular");
		try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			socket.bind(UnixDomainSocketAddress.of(this.sandbox.resolve("socket")));
			this.runtime.define(TestModules.definition("opener", "wasi-hostile.wasm")
				.withTimeout(Duration.ofMillis(500))
				.withWasi(WasiConfig.enabled()
					.withArguments(List.of("wasi-hostile", "openfile", "/sb/pipe", "/sb/socket", "/sb/file.txt"))
					.withStdout(Output.CAPTURE)
					.withStderr(Output.CAPTURE)
					.withDirectory("/sb", this.sandbox, false)));
			try (WasmInstance instance = this.runtime.newInstance("opener")) {
				long started = System.nanoTime();
				WasmCommandResult result = instance.runCommand();
				long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
				assertThat(result.stdout()).isEqualTo("/sb/pipe=ENOTSUP\n/sb/socket=ENOTSUP\n/sb/file.txt=0\n");
				assertThat(elapsed).as("milliseconds").isLessThan(500);
			}
		}
	}

	@Test
	void stdinFromASilentSocketStopsAtTheCallsDeadline() throws IOException {
		this.runtime.define(TestModules.definition("stdin", "wasi-stdin.wasm")
			.withTimeout(Duration.ofSeconds(2))
			.withWasi(WasiConfig.enabled()
				.withArguments(List.of("wasi-stdin", "cat"))
				.withStdout(Output.CAPTURE)
				.withStderr(Output.CAPTURE)));
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
				Socket silent = server.accept()) {
			// the peer says nothing for 20 s, then hangs up
			silent.setSoTimeout(0);
			Thread hangUp = new Thread(() -> {
				try {
					Thread.sleep(20_000);
					silent.close();
				}
				catch (InterruptedException | IOException ex) {
					// the test is over
				}
			}, "silent-peer");
			hangUp.setDaemon(true);
			hangUp.start();
			long started = System.nanoTime();
			try (WasmInstance instance = this.runtime.newInstance("stdin", Map.of(),
					WasiInstanceOptions.none().withStdin(client.getInputStream()))) {
				assertThatExceptionOfType(WasmTimeoutException.class).isThrownBy(instance::runCommand);
			}
			long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			assertThat(elapsed).as("milliseconds").isBetween(1_900L, 3_000L);
			hangUp.interrupt();
		}
		// the next instance reads its input as usual
		try (WasmInstance next = this.runtime.newInstance("stdin", Map.of(),
				WasiInstanceOptions.none().withStdin("next request"))) {
			assertThat(next.runCommand().stdout()).isEqualTo("next request");
		}
	}

}
