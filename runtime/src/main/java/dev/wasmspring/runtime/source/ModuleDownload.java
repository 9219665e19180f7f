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

package dev.wasmspring.runtime.source;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.wasmspring.runtime.internal.net.AddressPolicy;
import dev.wasmspring.runtime.internal.net.BoundedRead;
import dev.wasmspring.runtime.internal.net.HttpExchange;

/**
 * One HTTP GET of a module's bytes from an {@code http:} or {@code https:} location,
 * ended by a deadline on any JDK (connect, TLS handshake, headers and every read of the
 * body wait only for the time left) and stopped at a byte limit before more is held.
 * Redirects are followed (at most {@value #MAX_REDIRECTS}). User-info in the URL is sent
 * as Basic authentication to that host only, and never shown: every message names the
 * location {@linkplain ModuleSource#redact(String) redacted}. Module locations are the
 * operator's own, so any address may be reached.
 * <p>
 * Immutable; {@link #get} blocks the calling thread and may be called from any thread.
 */
public final class ModuleDownload {

	/** How many redirects a download follows. */
	public static final int MAX_REDIRECTS = 5;

	private final int status;

	private final Map<String, List<String>> headers;

	private final byte[] bytes;

	private ModuleDownload(int status, Map<String, List<String>> headers, byte[] bytes) {
		this.status = status;
		this.headers = headers;
		this.bytes = bytes;
	}

	/**
	 * Download a location.
	 * @param location an {@code http} or {@code https} URL
	 * @param headers headers to send (for example {@code Authorization}, or
	 * {@code If-None-Match})
	 * @param timeout how long the whole download may take
	 * @param maxBytes the largest body accepted
	 * @return the answer, whatever its status
	 * @throws ModuleSource.SizeExceededException if the body is larger than
	 * {@code maxBytes}
	 * @throws IOException if the download fails or does not end within the timeout; the
	 * message names the location redacted and the reason
	 */
	public static ModuleDownload get(String location, Map<String, String> headers, Duration timeout, long maxBytes)
			throws IOException {
		String shown = ModuleSource.redact(location);
		URI uri;
		try {
			uri = new URI(location);
		}
		catch (java.net.URISyntaxException ex) {
			throw new IOException("the location " + shown + " is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
			throw new IOException("the location " + shown + " is not an http or https URL with a host");
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpExchange exchange = new HttpExchange(deadline, maxBytes, MAX_REDIRECTS, (host) -> true, AddressPolicy.ANY);
		try {
			HttpExchange.Response response = exchange.send("GET", uri, headers, null);
			return new ModuleDownload(response.status(), response.headers(), response.body());
		}
		catch (BoundedRead.LimitExceeded ex) {
			throw new ModuleSource.SizeExceededException(shown, maxBytes);
		}
		catch (HttpExchange.DeadlineExceeded ex) {
			throw new IOException(
					"reading " + shown + " took longer than " + timeout.toMillis() + " ms (the location timeout)", ex);
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("reading " + shown + " failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return the status code.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Return the first value of a header.
	 * @param name the header's name, in any case
	 * @return the value
	 */
	public Optional<String> header(String name) {
		List<String> values = this.headers.get(name);
		return (values == null || values.isEmpty()) ? Optional.empty() : Optional.of(values.get(0));
	}

	/**
	 * Return the body.
	 * @return the bytes (not copied)
	 */
	public byte[] bytes() {
		return this.bytes;
	}

}
