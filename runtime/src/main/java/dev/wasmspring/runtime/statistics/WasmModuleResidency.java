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

import dev.wasmspring.runtime.module.WasmModuleResolver;

/**
 * Which modules a runtime holds loaded, and how modules loaded on first use came to be
 * loaded: an immutable snapshot, safe to share.
 *
 * @param defined the modules defined, loaded or not (modules a {@link WasmModuleResolver}
 * has not yet been asked for are not counted)
 * @param loaded the modules loaded: compiled code held, ready for instances
 * @param maxLoaded the most modules held loaded at once, or 0 for no limit
 * @param loadsOnFirstUse how many times a module not loaded was loaded when it was used
 * (lazy, resolved or evicted modules)
 * @param compiled how many of those loads compiled the module
 * @param fromDiskCache how many of those loads took the compiled code from the disk cache
 * instead of compiling
 * @param fromMemory how many of those found the compiled code already held in memory (the
 * same bytes defined under another name, or an instance of the evicted module still open)
 * @param evicted how many times a module was unloaded to stay within the limit
 * @param resolved how many names the {@link WasmModuleResolver} resolved to a definition
 * @param fromBuildTime how many of the loads on first use took code compiled when the
 * application was built (found on the class path) instead of compiling
 */
public record WasmModuleResidency(int defined, int loaded, int maxLoaded, long loadsOnFirstUse, long compiled,
		long fromDiskCache, long fromMemory, long evicted, long resolved, long fromBuildTime) {

}
