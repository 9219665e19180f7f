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

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an Extism plugin is given by its host: its config, the hosts it may reach over
 * HTTP, and the limits on the memory it keeps outside its own (blocks and vars).
 * Immutable and shared by every instance of a module.
 *
 * @param config the config the plugin reads with {@code config_get}
 * @param allowedHosts host names, or patterns with {@code *}, the plugin may send HTTP
 * requests to; none by default
 * @param maxBlockBytes the most bytes of memory blocks an instance may hold during one
 * call
 * @param maxVarBytes the most bytes all vars of an instance may hold together
 * @param maxHttpResponseBytes the largest HTTP response body a plugin may receive
 * @param allowPrivateAddresses whether HTTP requests may reach loopback, private and
 * link-local addresses
 * @param httpResponseHeaders whether {@code http_headers} answers the last response's
 * headers (otherwise handle 0, as in Extism's hosts unless asked)
 * @param memoryLimitSetting the setting that raises {@code maxBlockBytes}, for messages
 */
public record ExtismSettings(Map<String, String> config, List<String> allowedHosts, long maxBlockBytes,
		long maxVarBytes, long maxHttpResponseBytes, boolean allowPrivateAddresses, boolean httpResponseHeaders,
		String memoryLimitSetting) {

	/** The longest host name DNS allows; longer names match no pattern. */
	private static final int MAX_HOST_LENGTH = 253;

	/** Extism's own default for the memory all vars of a plugin may hold. */
	public static final long DEFAULT_MAX_VAR_BYTES = 1024 * 1024;

	/** The default for the memory blocks a plugin may hold at once. */
	public static final long DEFAULT_MAX_BLOCK_BYTES = 16L * 1024 * 1024;

	/** The default for an HTTP response body. */
	public static final long DEFAULT_MAX_HTTP_RESPONSE_BYTES = 16L * 1024 * 1024;

	public ExtismSettings {
		config = Map.copyOf(config);
		allowedHosts = allowedHosts.stream().map((host) -> host.toLowerCase(Locale.ROOT)).toList();
	}

	public ExtismSettings(Map<String, String> config, List<String> allowedHosts, long maxBlockBytes, long maxVarBytes,
			long maxHttpResponseBytes) {
		this(config, allowedHosts, maxBlockBytes, maxVarBytes, maxHttpResponseBytes, false, false,
				"the module's memory limit");
	}

	/**
	 * Return whether a host name matches one of the allowed hosts: equal to one, or
	 * matching one of its patterns, where {@code *} stands for any run of characters.
	 * @param host the host name of a request
	 * @return whether the plugin may send a request there
	 */
	public boolean allowsHost(String host) {
		if (host.length() > MAX_HOST_LENGTH) {
			return false;
		}
		String name = host.toLowerCase(Locale.ROOT);
		for (String allowed : this.allowedHosts) {
			if (allowed.equals(name) || matches(allowed, name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a name matches a pattern where {@code *} stands for any run of characters,
	 * in time linear in the name: the parts between stars are found left to right, each
	 * at its first place after the previous one.
	 */
	static boolean matches(String pattern, String text) {
		String[] parts = pattern.split("\\*", -1);
		if (parts.length == 1) {
			return pattern.equals(text);
		}
		String first = parts[0];
		String last = parts[parts.length - 1];
		if (text.length() < first.length() + last.length() || !text.startsWith(first) || !text.endsWith(last)) {
			return false;
		}
		int from = first.length();
		int end = text.length() - last.length();
		for (int i = 1; i < parts.length - 1; i++) {
			String part = parts[i];
			int found = text.indexOf(part, from);
			if (found < 0 || found + part.length() > end) {
				return false;
			}
			from = found + part.length();
		}
		return true;
	}

}
