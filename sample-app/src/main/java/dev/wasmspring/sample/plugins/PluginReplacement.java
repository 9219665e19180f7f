package dev.wasmspring.sample.plugins;

/**
 * The answer of {@code PUT /plugins/{name}}. Immutable.
 *
 * @param name the module name
 * @param sha256 the digest of the new bytes, which serve every request from now on
 * @param previousSha256 the digest of the bytes they replaced
 */
public record PluginReplacement(String name, String sha256, String previousSha256) {

}
