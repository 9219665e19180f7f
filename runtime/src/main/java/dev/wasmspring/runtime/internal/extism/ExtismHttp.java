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

package dev.wasmspring.runtime.internal.extism;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.net.AddressPolicy;
import dev.wasmspring.runtime.internal.net.BoundedRead;
import dev.wasmspring.runtime.internal.net.HttpExchange;
import org.jspecify.annotations.Nullable;

/**
 * Extism's {@code http_request}: sends the request a plugin describes in JSON
 * ({@code {"url", "method", "headers"}}), only to hosts its module allows and, unless the
 * module allows private addresses, only to public addresses (checked on the address that
 * is then connected to), and keeps the status and headers of the last response for
 * {@code http_status_code} and {@code http_headers}. The request runs on the calling
 * thread and ends by the call's deadline on any JDK: every read waits only for the time
 * left. The headers are kept only when the module asks for them, as in Extism's hosts;
 * otherwise {@code http_headers} answers handle 0. Redirects to allowed hosts are
 * followed; a transport failure fails the call, naming the host and the reason.
 */
final class ExtismHttp {

	/** How long a request may take when its call has no timeout. */
	static final long UNTIMED_REQUEST_NANOS = TimeUnit.SECONDS.toNanos(30);

	/** How many redirects a request follows, as Extism's hosts do. */
	static final int MAX_REDIRECTS = 10;

	private static final Set<String> WITHOUT_BODY = Set.of("GET", "HEAD");

	private int statusCode;

	private @Nullable String headers;

	long request(ExtismKernel kernel, long requestHandle, long bodyHandle) {
		this.statusCode = 0;
		this.headers = null;
		String description = new String(kernel.block(requestHandle, 0), StandardCharsets.UTF_8);
		Map<String, Object> request;
		try {
			request = ExtismJson.parseObject(description);
		}
		catch (IllegalArgumentException ex) {
			throw callFailure(kernel, "its HTTP request is not the JSON object Extism describes ({\"url\", \"method\", "
					+ "\"headers\"}): " + ex.getMessage());
		}
		Object url = request.get("url");
		if (!(url instanceof String text)) {
			throw callFailure(kernel, "its HTTP request names no \"url\"");
		}
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			throw callFailure(kernel, "its HTTP request's url '" + shorten(text) + "' is malformed");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
			throw callFailure(kernel,
					"its HTTP request's url '" + shorten(text) + "' is not an http or https URL with a host");
		}
		String host = uri.getHost();
		if (!kernel.settings().allowsHost(host)) {
			throw callFailure(kernel,
					"it sent an HTTP request to '" + shorten(host) + "', which is not among the hosts "
							+ "it may reach " + kernel.settings().allowedHosts()
							+ ". Allow the host in the module's Extism "
							+ "allowed-hosts if it should (none are allowed by default)");
		}
		Object methodValue = request.get("method");
		String method = (methodValue instanceof String m) ? m.toUpperCase(Locale.ROOT) : "GET";
		if (!HttpExchange.METHODS.contains(method)) {
			throw callFailure(kernel, "its HTTP request uses the method '" + shorten(String.valueOf(methodValue))
					+ "', which is not one of " + new java.util.TreeSet<>(HttpExchange.METHODS));
		}
		byte[] body = (bodyHandle == 0 || WITHOUT_BODY.contains(method)) ? null : kernel.block(bodyHandle, 0).clone();
		Map<String, String> headers = new LinkedHashMap<>();
		if (request.get("headers") instanceof Map<?, ?> map) {
			map.forEach((name, value) -> headers.put(String.valueOf(name), String.valueOf(value)));
		}
		// a URL's user-info is not sent as credentials: a plugin gives them as headers,
		// which it can see
		URI target = withoutUserInfo(uri);
		long remaining = kernel.deadline().remainingNanos();
		long deadline = System.nanoTime() + Math.min(remaining, UNTIMED_REQUEST_NANOS);
		ExtismSettings settings = kernel.settings();
		HttpExchange exchange = new HttpExchange(deadline, settings.maxHttpResponseBytes(), MAX_REDIRECTS,
				settings::allowsHost, settings.allowPrivateAddresses() ? AddressPolicy.ANY : AddressPolicy.PUBLIC_ONLY);
		HttpExchange.Response response;
		// the response is read with what it holds reserved from the runtime's budget;
		// once it is a block, the
		// block's own reservation holds it
		try (MemoryBudget.Account reading = kernel.account().budget().open()) {
			response = BoundedRead.charging(reading, () -> exchange.send(method, target, headers, body));
		}
		catch (BoundedRead.BudgetExceeded ex) {
			throw MemoryBudget.Exhausted.INSTANCE;
		}
		catch (IllegalArgumentException ex) {
			throw callFailure(kernel, "its HTTP request to '" + host + "' cannot be sent: " + ex.getMessage());
		}
		catch (HttpExchange.DeadlineExceeded ex) {
			if (remaining <= UNTIMED_REQUEST_NANOS) {
				// the call's own deadline: it fails with the module's timeout
				throw CallWatchdog.DeadlinePassed.INSTANCE;
			}
			throw callFailure(kernel, "its HTTP request to '" + host + "' took longer than "
					+ TimeUnit.NANOSECONDS.toSeconds(UNTIMED_REQUEST_NANOS) + " s, the most one HTTP request may take");
		}
		catch (HttpExchange.Refused ex) {
			throw callFailure(kernel, "its HTTP request to '" + host + "' was refused: " + ex.getMessage()
					+ ((settings.allowPrivateAddresses()) ? ""
							: ". Private, loopback and link-local addresses are reachable only when the module's "
									+ "Extism allow-private-addresses is set"));
		}
		catch (BoundedRead.LimitExceeded ex) {
			throw callFailure(kernel,
					"the HTTP response from '" + host + "' exceeded " + settings.maxHttpResponseBytes() + " bytes");
		}
		catch (java.io.InterruptedIOException ex) {
			if (kernel.deadline().remainingNanos() <= 0) {
				throw CallWatchdog.DeadlinePassed.INSTANCE;
			}
			throw WasmCallException.interrupted(kernel.moduleName(), kernel.exportName());
		}
		catch (IOException ex) {
			throw callFailure(kernel, "its HTTP request to '" + host + "' failed: " + ex.getMessage());
		}
		this.statusCode = response.status();
		if (settings.httpResponseHeaders()) {
			Map<String, String> received = new TreeMap<>();
			response.headers().forEach((name, values) -> received.put(name, String.join(", ", values)));
			this.headers = ExtismJson.writeObject(received);
		}
		return kernel.store(response.body());
	}

	int statusCode() {
		return this.statusCode;
	}

	long headers(ExtismKernel kernel) {
		String headers = this.headers;
		return (headers != null) ? kernel.store(headers.getBytes(StandardCharsets.UTF_8)) : 0;
	}

	private static URI withoutUserInfo(URI uri) {
		if (uri.getRawUserInfo() == null) {
			return uri;
		}
		String text = uri.toString();
		int at = text.indexOf('@', text.indexOf("://") + 3);
		return URI.create(text.substring(0, text.indexOf("://") + 3) + text.substring(at + 1));
	}

	private static String shorten(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "... (" + text.length() + " characters)" : text;
	}

	private static WasmCallException callFailure(ExtismKernel kernel, String detail) {
		return new WasmCallException(kernel.moduleName(), kernel.exportName(), "Extism plugin '" + kernel.moduleName()
				+ "' failed in '" + kernel.exportName() + "' because " + detail + ".", null);
	}

}
