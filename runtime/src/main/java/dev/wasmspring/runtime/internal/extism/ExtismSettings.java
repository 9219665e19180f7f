package dev.wasmspring.runtime.internal.extism;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an Extism plugin is given by its host: its config, the hosts it may reach over HTTP, and the limits on
 * the memory it keeps outside its own (blocks and vars). Immutable and shared by every instance of a module.
 *
 * @param config the config the plugin reads with {@code config_get}
 * @param allowedHosts host names, or patterns with {@code *}, the plugin may send HTTP requests to; none by
 * default
 * @param maxBlockBytes the most bytes of memory blocks an instance may hold during one call
 * @param maxVarBytes the most bytes all vars of an instance may hold together
 * @param maxHttpResponseBytes the largest HTTP response body a plugin may receive
 */
public record ExtismSettings(Map<String, String> config, List<String> allowedHosts, long maxBlockBytes,
		long maxVarBytes, long maxHttpResponseBytes) {

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

	/**
	 * Return whether a host name matches one of the allowed hosts: equal to one, or matching one of its
	 * patterns, where {@code *} stands for any run of characters.
	 * @param host the host name of a request
	 * @return whether the plugin may send a request there
	 */
	public boolean allowsHost(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		for (String allowed : this.allowedHosts) {
			if (allowed.equals(name) || matches(allowed, 0, name, 0)) {
				return true;
			}
		}
		return false;
	}

	private static boolean matches(String pattern, int p, String text, int t) {
		while (p < pattern.length()) {
			char c = pattern.charAt(p);
			if (c == '*') {
				for (int rest = t; rest <= text.length(); rest++) {
					if (matches(pattern, p + 1, text, rest)) {
						return true;
					}
				}
				return false;
			}
			if (t >= text.length() || text.charAt(t) != c) {
				return false;
			}
			p++;
			t++;
		}
		return t == text.length();
	}

}
