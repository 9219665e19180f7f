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

package dev.wasmspring.runtime.statistics;

import java.util.Map;

/**
 * A snapshot of a runtime's state, for tests, health checks and metrics. Immutable.
 *
 * @param modules the defined modules: name to the SHA-256 digest of its current bytes
 * (the module's own bytes, also when a fuel budget has its code compiled from bytes
 * rewritten to meter themselves)
 * @param compilations compilations performed by the runtime's compilation cache, per
 * digest
 * @param cachedArtifacts compiled modules the cache holds right now (for every runtime
 * sharing it)
 * @param liveInstances instances of this runtime created and not yet closed or discarded
 * @param instancesCreated instances of this runtime created since it started
 */
public record WasmRuntimeStatistics(Map<String, String> modules, Map<String, Long> compilations, int cachedArtifacts,
		long liveInstances, long instancesCreated) {

	/**
	 * Return the number of compilations of one digest.
	 * @param digest the digest
	 * @return the count
	 */
	public long compilationsOf(String digest) {
		return this.compilations.getOrDefault(digest, 0L);
	}

}
