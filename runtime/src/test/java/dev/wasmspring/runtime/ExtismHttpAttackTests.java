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
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.extism.ExtismConfig;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A plugin's {@code http_request} against the attacks of a hostile server or a hostile
 * plugin: a body trickled at 5 bytes a second ends at the module's timeout on this JDK
 * (Java 17 in the build); an allowed name that resolves to loopback is refused unless
 * private addresses are allowed; host patterns match in linear time; unusual methods,
 * refused connections and redirects elsewhere fail the call with a clear error.
 */
@Timeout(30)
class ExtismHttpAttackTests {

	private final WasmRuntime runtime = WasmRuntime.builder().build();

	private LocalHttpServer server;

	@AfterEach
	void close() throws IOException {
		this.runtime.close();
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void tricklingBodyEndsAtTheModulesTimeoutAndTheNextCallWorks() throws IOException {
		this.server = new LocalHttpServer(LocalHttpServer.trickle());
		define("raw", ExtismConfig.defaults().withAllowedHosts(List.of("127.0.0.1")).withAllowPrivateAddresses(true),
				Duration.ofSeconds(1));
		long start = System.nanoTime();
		try (WasmInstance instance = this.runtime.newInstance("raw")) {
			assertThatExceptionOfType(WasmTimeoutException.class)
				.isThrownBy(() -> instance.callText("request", get(this.server.url("/slow"))))
				.withMessageContaining("'raw'");
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(elapsed).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		try (LocalHttpServer quick = new LocalHttpServer(LocalHttpServer.fixed(200, "", "fine"));
				WasmInstance instance = this.runtime.newInstance("raw")) {
			assertThat(instance.callText("request", get(quick.url("/")))).isEqualTo("fine");
		}
	}

	@Test
	void allowedNameResolvingToLoopbackIsRefusedUnlessPrivateAddressesAreAllowed() throws IOException {
		this.server = new LocalHttpServer(LocalHttpServer.fixed(200, "", "loopback secret"));
		define("closed", ExtismConfig.defaults().withAllowedHosts(List.of("localhost")), null);
		try (WasmInstance instance = this.runtime.newInstance("closed")) {
			assertThatExceptionOfType(WasmCallException.class)
				.isThrownBy(() -> instance.callText("request", get("http://localhost:" + this.server.port() + "/")))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmCallException.Reason.GUEST_ERROR))
				.withMessageContaining("'localhost'")
				.withMessageContaining("not public")
				.withMessageContaining("allow-private-addresses");
		}
		for (String literal : List.of("127.0.0.1", "[::ffff:127.0.0.1]", "2130706433", "0.0.0.0")) {
			define("literal", ExtismConfig.defaults().withAllowedHosts(List.of("*")), null);
			try (WasmInstance instance = this.runtime.newInstance("literal")) {
				assertThatExceptionOfType(WasmCallException.class).as(literal)
					.isThrownBy(() -> instance.callText("request",
							get("http://" + literal + ":" + this.server.port() + "/")));
			}
		}
		assertThat(this.server.connections).hasValue(0);
		define("open", ExtismConfig.defaults().withAllowedHosts(List.of("localhost")).withAllowPrivateAddresses(true),
				null);
		try (WasmInstance instance = this.runtime.newInstance("open")) {
			assertThat(instance.callText("request", get("http://localhost:" + this.server.port() + "/")))
				.isEqualTo("loopback secret");
		}
	}

	@Test
	void hostPatternsMatchALongHostNameInLinearTime() {
		define("wild", ExtismConfig.defaults().withAllowedHosts(List.of("*.*.wild.test")), Duration.ofSeconds(1));
		String host = "a.".repeat(32_000) + "wild.tes"; // 64,008 characters
		host = host + "tt".substring(0, 2); // 64,010, and no match: ends in "testt"
		assertThat(host).hasSize(64_010);
		try (WasmInstance instance = this.runtime.newInstance("wild")) {
			long start = System.nanoTime();
			String url = "http://" + host + "/";
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.callText("request", get(url)))
				.withMessageContaining("not among the hosts it may reach [*.*.wild.test]");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
		}
	}

	@Test
	void unusualMethodsFailTheCallWithAClearErrorAndTheNextCallWorks() throws IOException {
		this.server = new LocalHttpServer(LocalHttpServer.fixed(200, "", "ok"));
		define("raw", ExtismConfig.defaults().withAllowedHosts(List.of("127.0.0.1")).withAllowPrivateAddresses(true),
				null);
		for (String method : List.of("CONNECT", "TRACE", "G\\r\\nX: 1", "")) {
			try (WasmInstance instance = this.runtime.newInstance("raw")) {
				String request = "{\"url\":\"" + this.server.url("/") + "\",\"method\":\"" + method + "\"}";
				assertThatExceptionOfType(WasmCallException.class).as(method)
					.isThrownBy(() -> instance.callText("request", request))
					.satisfies((ex) -> assertThat(ex).isNotInstanceOf(WasmTrapException.class))
					.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmCallException.Reason.GUEST_ERROR))
					.withMessageContaining("which is not one of [DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT]");
			}
		}
		assertThat(this.server.connections).hasValue(0);
		try (WasmInstance instance = this.runtime.newInstance("raw")) {
			assertThat(instance.callText("request", get(this.server.url("/")))).isEqualTo("ok");
		}
	}

	@Test
	void headersWithLineBreaksOrSetByTheHostAreRefused() throws IOException {
		this.server = new LocalHttpServer(LocalHttpServer.fixed(200, "", "ok"));
		define("raw", ExtismConfig.defaults().withAllowedHosts(List.of("127.0.0.1")).withAllowPrivateAddresses(true),
				null);
		for (String headers : List.of("{\"X-A\":\"1\\r\\nX-B: 2\"}", "{\"Host\":\"internal\"}")) {
			try (WasmInstance instance = this.runtime.newInstance("raw")) {
				String request = "{\"url\":\"" + this.server.url("/") + "\",\"headers\":" + headers + "}";
				assertThatExceptionOfType(WasmCallException.class).as(headers)
					.isThrownBy(() -> instance.callText("request", request))
					.withMessageContaining("cannot be sent");
			}
		}
		assertThat(this.server.connections).hasValue(0);
	}

	@Test
	void failedConnectionFailsTheCallNamingTheHostAndTheReason() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		define("raw", ExtismConfig.defaults().withAllowedHosts(List.of("127.0.0.1")).withAllowPrivateAddresses(true),
				null);
		try (WasmInstance instance = this.runtime.newInstance("raw")) {
			assertThatExceptionOfType(WasmCallException.class)
				.isThrownBy(() -> instance.callText("request", get("http://127.0.0.1:" + closedPort + "/")))
				.withMessageContaining(
						"its HTTP request to '127.0.0.1' failed: cannot connect to '127.0.0.1' (127.0.0.1:" + closedPort
								+ ")")
				.withMessageContaining("refused");
		}
	}

	@Test
	void redirectsAreFollowedToAllowedHostsOnly() throws IOException {
		try (LocalHttpServer target = new LocalHttpServer(LocalHttpServer.fixed(200, "", "arrived"));
				LocalHttpServer toAllowed = new LocalHttpServer(
						LocalHttpServer.fixed(302, "Location: " + target.url("/final") + "\r\n", "moved"));
				LocalHttpServer toOther = new LocalHttpServer(LocalHttpServer.fixed(302,
						"Location: http://localhost:" + target.port() + "/final\r\n", "moved"))) {
			define("raw",
					ExtismConfig.defaults().withAllowedHosts(List.of("127.0.0.1")).withAllowPrivateAddresses(true),
					null);
			try (WasmInstance instance = this.runtime.newInstance("raw")) {
				assertThat(instance.callText("request", get(toAllowed.url("/start")))).isEqualTo("arrived");
			}
			try (WasmInstance instance = this.runtime.newInstance("raw")) {
				assertThatExceptionOfType(WasmCallException.class)
					.isThrownBy(() -> instance.callText("request", get(toOther.url("/start"))))
					.withMessageContaining("redirected to host 'localhost', which is not among the allowed hosts");
			}
			assertThat(target.heads).hasSize(1);
		}
	}

	private void define(String name, ExtismConfig extism, Duration timeout) {
		WasmModuleDefinition definition = TestModules.definition(name, "extism-http-raw.wasm").withExtism(extism);
		this.runtime.define((timeout != null) ? definition.withTimeout(timeout) : definition);
	}

	private static String get(String url) {
		return "{\"url\":\"" + url + "\",\"method\":\"GET\"}";
	}

}
