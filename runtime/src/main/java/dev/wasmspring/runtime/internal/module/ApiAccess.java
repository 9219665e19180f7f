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

package dev.wasmspring.runtime.internal.module;

import java.util.List;
import java.util.Map;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmCancelHandle;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.context.CallingInstance;
import dev.wasmspring.runtime.internal.extism.ExtismKernel;
import dev.wasmspring.runtime.internal.limits.CallCancellation;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;
import dev.wasmspring.runtime.module.WasmEngine;

/**
 * What the machinery may do to API objects that users may not: the one door from the
 * internal packages to the members of the API's types that users do not see. The runtime
 * hands its implementation to the machinery it builds; nothing else implements it, and
 * the API types it names never depend on this package, so no circle runs through it.
 */
public interface ApiAccess {

	/**
	 * Create the context an instance's host functions see.
	 * @param moduleName the module's name
	 * @param attributes the instance's attributes, immutable
	 * @param instance what the context asks of its instance
	 * @return the context, not yet attached
	 */
	WasmCallContext newContext(String moduleName, Map<String, Object> attributes, CallingInstance instance);

	/**
	 * Attach a context to its instance once the instance is built.
	 * @param context the context
	 * @param settingNames how its messages name settings
	 */
	void attach(WasmCallContext context, WasmSettingNames settingNames);

	/**
	 * Give a context the Extism kernel of its plugin.
	 * @param context the context
	 * @param extism the kernel
	 */
	void attachExtism(WasmCallContext context, ExtismKernel extism);

	/**
	 * Detach a context from its closed instance, letting go of its memory.
	 * @param context the context
	 */
	void detach(WasmCallContext context);

	/**
	 * Create a cancel handle on an instance's calls.
	 * @param cancellation the instance's cancellation state
	 * @param watchdog the runtime's watchdog
	 * @param moduleName the module's name
	 * @return the handle
	 */
	WasmCancelHandle cancelHandle(CallCancellation cancellation, CallWatchdog watchdog, String moduleName);

	/**
	 * Prepare the failure calls end with when even reporting a failure finds no memory.
	 * @param moduleName the module's name
	 * @param budgetSetting the name of the memory budget's setting
	 * @return the failure
	 */
	WasmTrapException outOfMemory(String moduleName, String budgetSetting);

	/**
	 * Return a trap with a note added to its message.
	 * @param trap the trap
	 * @param note the note
	 * @return the new trap
	 */
	WasmTrapException withNote(WasmTrapException trap, String note);

	/**
	 * Compile bytes whose digest is known through a cache.
	 * @param cache the cache
	 * @param bytes the bytes
	 * @param digest their SHA-256 digest
	 * @param engine the engine
	 * @param moduleName the module's name
	 * @param location where the bytes came from
	 * @return a new handle
	 */
	CompiledModule compile(CompilationCache cache, byte[] bytes, String digest, WasmEngine engine, String moduleName,
			String location);

	/**
	 * Return what a handle holds.
	 * @param module the handle
	 * @return the compiled artifact
	 */
	CompiledArtifact artifact(CompiledModule module);

	/**
	 * Return another handle on the same compiled module.
	 * @param module the handle, held open meanwhile
	 * @return the new handle
	 */
	CompiledModule share(CompiledModule module);

	/**
	 * Make a handle hold the handles of the modules it links, released with it.
	 * @param module the handle
	 * @param linked the linked modules' handles
	 */
	void holdLinked(CompiledModule module, List<CompiledModule> linked);

	/**
	 * Return where the code of a handle made by a load came from.
	 * @param module the handle
	 * @return the origin
	 */
	CodeOrigin origin(CompiledModule module);

	/**
	 * Where a loaded module's code came from.
	 *
	 * @param built whether this load built it rather than found it held
	 * @param fromDirectory whether it was read from the cache's directory
	 * @param atBuildTime whether it was compiled when the application was built
	 */
	record CodeOrigin(boolean built, boolean fromDirectory, boolean atBuildTime) {

	}

}
