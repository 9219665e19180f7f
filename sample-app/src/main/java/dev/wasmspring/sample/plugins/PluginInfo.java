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

package dev.wasmspring.sample.plugins;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A loaded plugin, as {@code GET /plugins} lists it. Immutable.
 *
 * @param name the module name
 * @param sha256 the SHA-256 digest of the module's bytes
 * @param timeoutMillis the wall-clock limit on one call, in milliseconds (0 for none)
 * @param fuel the module's own fuel budget per call, in units of fuel, or {@code null} if
 * it sets none
 * @param maxMemoryBytes the limit on the module's memory, in bytes (0 if it has no
 * memory)
 * @param exports the exported functions and their signatures
 */
public record PluginInfo(String name, String sha256, long timeoutMillis, @Nullable Long fuel, long maxMemoryBytes,
		Map<String, String> exports) {

}
