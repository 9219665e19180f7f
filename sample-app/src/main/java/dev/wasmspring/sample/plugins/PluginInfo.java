package dev.wasmspring.sample.plugins;

import java.util.Map;

/**
 * A loaded plugin, as {@code GET /plugins} lists it. Immutable.
 *
 * @param name the module name
 * @param sha256 the SHA-256 digest of the module's bytes
 * @param timeoutMillis the limit on one call, in milliseconds (0 for none)
 * @param maxMemoryBytes the limit on the module's memory, in bytes (0 if it has no memory)
 * @param exports the exported functions and their signatures
 */
public record PluginInfo(String name, String sha256, long timeoutMillis, long maxMemoryBytes,
		Map<String, String> exports) {

}
