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

package dev.wasmspring.runtime.compile;

/**
 * What tests read of a {@link CompilationCache} that users do not see.
 */
public final class CompilationCacheProbe {

	private CompilationCacheProbe() {
	}

	/**
	 * Return how many times the cache's directory gave the code of a module without
	 * parsing it.
	 * @param cache the cache
	 * @param digest the module's digest
	 * @return the count
	 */
	public static long directoryLoadsWithoutParsingCode(CompilationCache cache, String digest) {
		return cache.directoryLoadsWithoutParsingCode(digest);
	}

}
