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

package dev.wasmspring.runtime.internal.engine;

import com.dylibso.chicory.wasm.ChicoryException;
import org.jspecify.annotations.Nullable;

/**
 * Recognises the engine's own types by package, so that they can be kept out of what the
 * runtime hands to callers (for example an exception's cause). Stateless.
 */
public final class EngineTypes {

	// the parent of the engine's core package, taken from a type so that it follows the
	// engine's imports
	private static final String ENGINE_PACKAGE = ChicoryException.class.getPackageName()
		.substring(0, ChicoryException.class.getPackageName().lastIndexOf('.') + 1);

	private EngineTypes() {
	}

	/**
	 * Return whether a throwable, or any throwable in its cause chain, is one of the
	 * engine's.
	 * @param failure the throwable, or {@code null}
	 * @return whether the engine's types are reachable from it
	 */
	public static boolean reachesEngine(@Nullable Throwable failure) {
		int depth = 0;
		for (Throwable candidate = failure; candidate != null && depth < 64; candidate = candidate.getCause()) {
			if (candidate.getClass().getName().startsWith(ENGINE_PACKAGE)) {
				return true;
			}
			if (candidate.getCause() == candidate) {
				break;
			}
			depth++;
		}
		return false;
	}

}
