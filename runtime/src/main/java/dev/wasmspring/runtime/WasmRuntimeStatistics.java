package dev.wasmspring.runtime;

import java.util.Map;

/**
 * A snapshot of a runtime's state, for tests, health checks and metrics. Immutable.
 *
 * @param modules the defined modules: name to the SHA-256 digest of its current bytes
 * @param compilations compilations performed by the runtime's compilation cache, per digest
 * @param cachedArtifacts compiled modules the cache holds right now (for every runtime sharing it)
 * @param liveInstances instances of this runtime created and not yet closed or discarded
 * @param instancesCreated instances of this runtime created since it started
 */
public record WasmRuntimeStatistics(Map<String, String> modules, Map<String, Long> compilations,
		int cachedArtifacts, long liveInstances, long instancesCreated) {

	/**
	 * Return the number of compilations of one digest.
	 * @param digest the digest
	 * @return the count
	 */
	public long compilationsOf(String digest) {
		return this.compilations.getOrDefault(digest, 0L);
	}

}
