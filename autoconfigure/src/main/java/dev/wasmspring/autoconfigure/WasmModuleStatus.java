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

package dev.wasmspring.autoconfigure;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the application knows about one configured module: the version it serves and how
 * that version was loaded, and the outcome of the last attempt to reload it. Immutable; a
 * reload produces a new status.
 *
 * @param name the module's name
 * @param location where its bytes were read from
 * @param digest the SHA-256 digest, in hex, of the bytes it serves
 * @param size the size of those bytes
 * @param origin how the served version's code was obtained
 * @param loadedAt when the served version was loaded
 * @param loadTime how long loading it took (reading, compiling or fetching code, linking)
 * @param lastReload the last reload's outcome, or {@code null} if it was never reloaded
 */
public record WasmModuleStatus(String name, String location, String digest, long size, Origin origin, Instant loadedAt,
		Duration loadTime, @Nullable WasmReloadOutcome lastReload) {

	/**
	 * Return whether the last reload failed, so that the module serves an older version
	 * than its source has.
	 * @return whether the last reload failed
	 */
	public boolean reloadFailed() {
		return this.lastReload != null && this.lastReload.result() == WasmReloadOutcome.Result.FAILED;
	}

	WasmModuleStatus withLastReload(WasmReloadOutcome outcome) {
		return new WasmModuleStatus(this.name, this.location, this.digest, this.size, this.origin, this.loadedAt,
				this.loadTime, outcome);
	}

	/**
	 * How a module's code was obtained.
	 */
	public enum Origin {

		/** Compiled from its bytes. */
		COMPILED,

		/** Loaded from the compilation cache's directory ({@code wasm.cache-dir}). */
		CACHE_DIRECTORY,

		/** Shared with a module compiled before from the same bytes. */
		ALREADY_COMPILED,

		/**
		 * Compiled when the application was built ({@code wasm-maven-plugin}'s
		 * {@code compile-modules} goal) and found on the class path.
		 */
		BUILD_TIME

	}

}
