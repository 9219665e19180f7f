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

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one attempt to reload a module from its source. Immutable.
 *
 * @param module the module's name
 * @param result what happened
 * @param at when it happened
 * @param digest the SHA-256 digest of the bytes read, or {@code null} if they could not
 * be read
 * @param failure why the reload failed, or {@code null} if it did not
 */
public record WasmReloadOutcome(String module, Result result, Instant at, @Nullable String digest,
		@Nullable String failure) {

	/**
	 * What a reload did.
	 */
	public enum Result {

		/** New bytes were compiled and swapped in; new instances run them. */
		RELOADED,

		/** The source's bytes are the ones already served; nothing changed. */
		UNCHANGED,

		/**
		 * The new bytes could not be read, verified, compiled or linked; the previous
		 * version keeps serving.
		 */
		FAILED

	}

}
