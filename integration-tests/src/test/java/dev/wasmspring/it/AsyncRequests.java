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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import dev.wasmspring.runtime.WasmRuntime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests of asynchronous requests share: a GET to the started application, and
 * the check that the instances such a request made are all closed once it ended.
 */
final class AsyncRequests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	private final WasmRuntime runtime;

	AsyncRequests(int port, WasmRuntime runtime) {
		this.port = port;
		this.runtime = runtime;
	}

	/**
	 * Send a GET and return the status and body.
	 * @param path the path
	 * @return {@code "<status> <body>"}
	 */
	String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.timeout(Duration.ofSeconds(30))
				.GET()
				.build(), BodyHandlers.ofString());
		return response.statusCode() + " " + response.body();
	}

	/**
	 * Wait up to 10 s for the runtime to have no live instance: the container ends an
	 * async request just after the response is written.
	 */
	void assertNoInstanceLeft() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.runtime.statistics().liveInstances() != 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

}
