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

package dev.wasmspring.runtime.extism;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an Extism plugin's host gives it: the config it reads with {@code config_get}, the
 * hosts its {@code http_request} may reach (none by default), and the limits on the
 * memory it keeps outside its own linear memory. Immutable and safe to share between
 * threads; {@code withX} methods return copies.
 */
public final class ExtismConfig {

	private static final ExtismConfig DEFAULTS = new ExtismConfig(Map.of(), List.of(), null, null, false, false, null);

	private final Map<String, String> config;

	private final List<String> allowedHosts;

	private final @Nullable Long maxVarBytes;

	private final @Nullable Long maxHttpResponseBytes;

	private final boolean allowPrivateAddresses;

	private final boolean httpResponseHeaders;

	private final @Nullable Integer maxPages;

	private ExtismConfig(Map<String, String> config, List<String> allowedHosts, @Nullable Long maxVarBytes,
			@Nullable Long maxHttpResponseBytes, boolean allowPrivateAddresses, boolean httpResponseHeaders,
			@Nullable Integer maxPages) {
		this.allowPrivateAddresses = allowPrivateAddresses;
		this.config = Map.copyOf(config);
		this.allowedHosts = List.copyOf(allowedHosts);
		this.maxVarBytes = maxVarBytes;
		this.maxHttpResponseBytes = maxHttpResponseBytes;
		this.httpResponseHeaders = httpResponseHeaders;
		if (maxPages != null && maxPages < 0) {
			throw new IllegalArgumentException("max pages must not be negative, was " + maxPages);
		}
		this.maxPages = maxPages;
	}

	/**
	 * Return the defaults: no config, no allowed host, no response headers, Extism's
	 * default limits.
	 * @return the defaults
	 */
	public static ExtismConfig defaults() {
		return DEFAULTS;
	}

	/**
	 * Set the plugin's config.
	 * @param config the keys and values
	 * @return a modified copy
	 */
	public ExtismConfig withConfig(Map<String, String> config) {
		return new ExtismConfig(config, this.allowedHosts, this.maxVarBytes, this.maxHttpResponseBytes,
				this.allowPrivateAddresses, this.httpResponseHeaders, this.maxPages);
	}

	/**
	 * Set the hosts the plugin may send HTTP requests to: host names, or patterns where
	 * {@code *} stands for any characters (for example {@code *.example.com}).
	 * @param allowedHosts the hosts
	 * @return a modified copy
	 */
	public ExtismConfig withAllowedHosts(List<String> allowedHosts) {
		return new ExtismConfig(this.config, allowedHosts, this.maxVarBytes, this.maxHttpResponseBytes,
				this.allowPrivateAddresses, this.httpResponseHeaders, this.maxPages);
	}

	/**
	 * Set the most bytes all vars of one instance may hold together ({@code null}:
	 * Extism's default, 1 MiB).
	 * @param maxVarBytes the limit
	 * @return a modified copy
	 */
	public ExtismConfig withMaxVarBytes(@Nullable Long maxVarBytes) {
		return new ExtismConfig(this.config, this.allowedHosts, maxVarBytes, this.maxHttpResponseBytes,
				this.allowPrivateAddresses, this.httpResponseHeaders, this.maxPages);
	}

	/**
	 * Set the largest HTTP response body the plugin may receive ({@code null}: 16 MiB).
	 * @param maxHttpResponseBytes the limit
	 * @return a modified copy
	 */
	public ExtismConfig withMaxHttpResponseBytes(@Nullable Long maxHttpResponseBytes) {
		return new ExtismConfig(this.config, this.allowedHosts, this.maxVarBytes, maxHttpResponseBytes,
				this.allowPrivateAddresses, this.httpResponseHeaders, this.maxPages);
	}

	/**
	 * Set whether the plugin's HTTP requests may reach loopback, private (RFC 1918, IPv6
	 * unique-local), link-local (cloud metadata services included) and other non-public
	 * addresses; by default they may not, whatever name resolves to them.
	 * @param allowPrivateAddresses whether they may
	 * @return a modified copy
	 */
	public ExtismConfig withAllowPrivateAddresses(boolean allowPrivateAddresses) {
		return new ExtismConfig(this.config, this.allowedHosts, this.maxVarBytes, this.maxHttpResponseBytes,
				allowPrivateAddresses, this.httpResponseHeaders, this.maxPages);
	}

	/**
	 * Set whether the plugin sees the headers of its HTTP responses through
	 * {@code http_headers}, as Extism's hosts do when asked
	 * ({@code http_response_headers}); by default it does not, and {@code http_headers}
	 * answers handle 0, which a PDK reads as no headers.
	 * @param httpResponseHeaders whether it sees them
	 * @return a modified copy
	 */
	public ExtismConfig withHttpResponseHeaders(boolean httpResponseHeaders) {
		return new ExtismConfig(this.config, this.allowedHosts, this.maxVarBytes, this.maxHttpResponseBytes,
				this.allowPrivateAddresses, httpResponseHeaders, this.maxPages);
	}

	/**
	 * Set how many 64 KiB pages the plugin may add after it is instantiated, as Extism's
	 * {@code memory.max_pages} does: its linear memory's growth beyond its declared
	 * initial size and the memory blocks of a call share this budget ({@code null}: no
	 * budget of its own; the module's memory limit still applies, and the smaller wins).
	 * @param maxPages the pages, or {@code null}
	 * @return a modified copy
	 */
	public ExtismConfig withMaxPages(@Nullable Integer maxPages) {
		return new ExtismConfig(this.config, this.allowedHosts, this.maxVarBytes, this.maxHttpResponseBytes,
				this.allowPrivateAddresses, this.httpResponseHeaders, maxPages);
	}

	public boolean allowPrivateAddresses() {
		return this.allowPrivateAddresses;
	}

	public boolean httpResponseHeaders() {
		return this.httpResponseHeaders;
	}

	public @Nullable Integer maxPages() {
		return this.maxPages;
	}

	public Map<String, String> config() {
		return this.config;
	}

	public List<String> allowedHosts() {
		return this.allowedHosts;
	}

	public @Nullable Long maxVarBytes() {
		return this.maxVarBytes;
	}

	public @Nullable Long maxHttpResponseBytes() {
		return this.maxHttpResponseBytes;
	}

	@Override
	public String toString() {
		return "ExtismConfig[config=" + this.config.keySet() + ", allowedHosts=" + this.allowedHosts + "]";
	}

}
