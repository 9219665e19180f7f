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

package dev.wasmspring.runtime.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An exchange connects to the very address it checked: a name that resolves to an allowed
 * address for the check and to another one afterwards (DNS rebinding) is connected to the
 * checked one, and a name whose checked address is refused is never connected to,
 * whatever it resolves to later.
 */
@Timeout(10)
class HttpExchangeTests {

	private static final InetAddress ALLOWED = address(127, 0, 0, 1);

	private static final InetAddress OTHER = address(127, 0, 0, 2);

	private ServerSocket server;

	private final AtomicInteger connections = new AtomicInteger();

	@BeforeEach
	void serve() throws IOException {
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress(ALLOWED, 0));
		Thread thread = new Thread(() -> {
			while (!this.server.isClosed()) {
				try (Socket connection = this.server.accept()) {
					this.connections.incrementAndGet();
					InputStream in = connection.getInputStream();
					int newlines = 0;
					while (newlines < 2) {
						int b = in.read();
						if (b < 0) {
							break;
						}
						newlines = (b == '\n') ? newlines + 1 : (b == '\r') ? newlines : 0;
					}
					OutputStream out = connection.getOutputStream();
					out.write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nchecked".getBytes(StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					// closed
				}
			}
		});
		thread.setDaemon(true);
		thread.start();
	}

	@AfterEach
	void close() throws IOException {
		this.server.close();
	}

	@Test
	void theConnectionUsesTheAddressThatWasCheckedEvenIfTheNameResolvesElsewhereLater() throws IOException {
		AtomicInteger lookups = new AtomicInteger();
		HttpExchange exchange = exchange(
				(host) -> new InetAddress[] { (lookups.getAndIncrement() == 0) ? ALLOWED : OTHER });
		HttpExchange.Response response = exchange.send("GET", uri(), Map.of(), null);
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("checked");
		assertThat(lookups).hasValue(1);
	}

	@Test
	void aNameWhoseCheckedAddressIsRefusedIsNeverConnectedTo() {
		AtomicInteger lookups = new AtomicInteger();
		HttpExchange exchange = exchange(
				(host) -> new InetAddress[] { (lookups.getAndIncrement() == 0) ? OTHER : ALLOWED });
		assertThatExceptionOfType(HttpExchange.Refused.class)
			.isThrownBy(() -> exchange.send("GET", uri(), Map.of(), null))
			.withMessageContaining("rebind.test")
			.withMessageContaining("127.0.0.2");
		assertThat(lookups).hasValue(1);
		assertThat(this.connections).hasValue(0);
	}

	private URI uri() {
		return URI.create("http://rebind.test:" + this.server.getLocalPort() + "/");
	}

	private static HttpExchange exchange(HttpExchange.Resolver resolver) {
		return new HttpExchange(System.nanoTime() + TimeUnit.SECONDS.toNanos(5), 1024, 0, (host) -> true,
				ALLOWED::equals, resolver);
	}

	private static InetAddress address(int a, int b, int c, int d) {
		try {
			return InetAddress.getByAddress(new byte[] { (byte) a, (byte) b, (byte) c, (byte) d });
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
