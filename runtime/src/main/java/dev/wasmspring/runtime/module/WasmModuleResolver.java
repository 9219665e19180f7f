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

package dev.wasmspring.runtime.module;

import dev.wasmspring.runtime.WasmRuntime;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a module name the runtime does not know to a definition, when the name is
 * first used: a tenant's name to its plugin's location and settings. The runtime loads
 * the definition it returns once, however many threads ask for the name at once, and
 * keeps it (subject to {@link WasmRuntime.Builder#withMaxLoadedModules(int)}) until the
 * name is removed.
 * <p>
 * Called on the thread that first asks for the name, outside any lock of the runtime;
 * must be thread-safe.
 */
@FunctionalInterface
public interface WasmModuleResolver {

	/**
	 * Return the definition of a module name, or {@code null} if there is no such module.
	 * @param name the module name asked for
	 * @return the definition, whose name must be the one asked for; or {@code null}
	 */
	@Nullable WasmModuleDefinition resolve(String name);

}
