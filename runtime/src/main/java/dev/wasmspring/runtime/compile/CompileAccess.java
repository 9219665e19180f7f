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

import java.util.List;

import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.module.WasmEngine;

/**
 * Not API: the runtime's own way to the members of this package that users do not see,
 * handed only to the runtime's builder in {@code dev.wasmspring.runtime}, which passes it
 * on to the machinery through {@code internal.module.ApiAccess}.
 */
public final class CompileAccess {

	/**
	 * Hand the access to the runtime's builder, its one caller.
	 * @return the access
	 * @throws IllegalCallerException when called from anywhere but the package
	 * {@code dev.wasmspring.runtime}
	 */
	public static CompileAccess grant() {
		Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
		if (!caller.getPackageName().equals("dev.wasmspring.runtime")) {
			throw new IllegalCallerException("CompileAccess is the runtime's own access to its API types, not API; "
					+ caller.getName() + " may not use it");
		}
		return INSTANCE;
	}

	private static final CompileAccess INSTANCE = new CompileAccess();

	private CompileAccess() {
	}

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
	public CompiledModule compile(CompilationCache cache, byte[] bytes, String digest, WasmEngine engine,
			String moduleName, String location) {
		return cache.compile(bytes, digest, engine, moduleName, location);
	}

	/**
	 * Return what a handle holds.
	 * @param module the handle
	 * @return the compiled artifact
	 */
	public CompiledArtifact artifact(CompiledModule module) {
		return module.artifact();
	}

	/**
	 * Return another handle on the same compiled module.
	 * @param module the handle, held open meanwhile
	 * @return the new handle
	 */
	public CompiledModule share(CompiledModule module) {
		return module.share();
	}

	/**
	 * Make a handle hold the handles of the modules it links, released with it.
	 * @param module the handle
	 * @param linked the linked modules' handles
	 */
	public void holdLinked(CompiledModule module, List<CompiledModule> linked) {
		module.holdLinked(linked);
	}

	/**
	 * Return whether this load built the module rather than found it held.
	 * @param module the handle
	 * @return whether it was built
	 */
	public boolean built(CompiledModule module) {
		return module.built();
	}

	/**
	 * Return whether the module's code was read from the cache's directory.
	 * @param module the handle
	 * @return whether it was read from the directory
	 */
	public boolean loadedFromDirectory(CompiledModule module) {
		return module.loadedFromDirectory();
	}

	/**
	 * Return whether the module's code was compiled when the application was built.
	 * @param module the handle
	 * @return whether it was compiled at build time
	 */
	public boolean loadedAtBuildTime(CompiledModule module) {
		return module.loadedAtBuildTime();
	}

}
