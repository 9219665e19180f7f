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
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client of the running sample: real requests over a socket, JSON answers
 * parsed into trees. Each instance has its own connection pool; share one between the
 * threads of a test, or give each simulated user its own.
 */
final class SampleClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	SampleClient(int port) {
		this.baseUrl = "http://localhost:" + port;
	}

	Answer get(String path) {
		return send(request(path).GET());
	}

	Answer get(String path, Map<String, String> headers) {
		HttpRequest.Builder request = request(path).GET();
		headers.forEach(request::header);
		return send(request);
	}

	Answer postJson(String path, Map<String, String> headers, String body) {
		HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body));
		headers.forEach(request::header);
		return send(request);
	}

	Answer postText(String path, String body) {
		return send(request(path).header("Content-Type", "text/plain").POST(BodyPublishers.ofString(body)));
	}

	Answer quote(String tenant, String sku, long quantity, long unitCents) {
		return postJson("/quotes", Map.of("X-Tenant", tenant),
				"{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + ",\"unitCents\":" + unitCents + "}");
	}

	Answer putJson(String path, String body) {
		return send(request(path).header("Content-Type", "application/json").PUT(BodyPublishers.ofString(body)));
	}

	Answer putWasm(String path, byte[] bytes) {
		BodyPublisher body = BodyPublishers.ofByteArray(bytes);
		return send(request(path).header("Content-Type", "application/wasm").PUT(body));
	}

	/**
	 * Wait, at most 5 seconds, until {@code GET /plugins} reports no open plugin
	 * instance: a request's instances are closed just after its answer is written, so a
	 * client can be a moment ahead.
	 * @return the last number of live instances seen
	 */
	long awaitNoLiveInstances() {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		long live = get("/plugins").number("liveInstances");
		while (live != 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			live = get("/plugins").number("liveInstances");
		}
		return live;
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(30));
	}

	private Answer send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), BodyHandlers.ofString());
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			JsonNode body = contentType.contains("json") ? json.readTree(response.body()) : null;
			return new Answer(response.statusCode(), contentType, response.body(), body,
					response.headers().firstValue("Retry-After").orElse(null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + request.build().uri(), ex);
		}
	}

	/**
	 * One HTTP answer.
	 *
	 * @param status the status code
	 * @param contentType the Content-Type header, empty if none
	 * @param text the body as text
	 * @param json the body as a JSON tree, or {@code null} if it is not JSON
	 * @param retryAfter the Retry-After header, or {@code null} if none
	 */
	record Answer(int status, String contentType, String text, JsonNode json, String retryAfter) {

		String string(String field) {
			return this.json.path(field).asString();
		}

		long number(String field) {
			return this.json.path(field).asLong();
		}

		@Override
		public String toString() {
			return this.status + " " + this.text;
		}

	}

}
