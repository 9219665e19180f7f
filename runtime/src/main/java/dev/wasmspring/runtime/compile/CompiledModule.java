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

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmImportDescriptor;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.module.WasmEngine;

/**
 * A handle on a compiled module: the parsed module and its compiled code, shared by
 * everyone who compiled the same bytes. Safe to share between threads. The handle keeps
 * the compiled module in its {@link CompilationCache} until it is closed; closing it
 * never affects other handles or instances, which stay valid as long as they are used.
 * Closing twice is harmless.
 */
public final class CompiledModule implements AutoCloseable {

	private final CompilationCache cache;

	private final CompilationCache.Entry entry;

	private final CompiledArtifact artifact;

	private final AtomicBoolean closed = new AtomicBoolean();

	// the compiled modules an Extism plugin links, held and released with this one
	private List<CompiledModule> linked = List.of();

	// whether the call that made this handle built the artifact (compiled it, or loaded
	// it from the cache's directory) rather than found it held
	private final boolean built;

	CompiledModule(CompilationCache cache, CompilationCache.Entry entry, CompiledArtifact artifact, boolean built) {
		this.cache = cache;
		this.entry = entry;
		this.artifact = artifact;
		this.built = built;
	}

	/**
	 * Returns another handle on the same artifact; the caller must hold this one open
	 * meanwhile.
	 */
	CompiledModule share() {
		if (!this.entry.retain()) {
			throw new IllegalStateException("Compiled module " + digest() + " was released");
		}
		CompiledModule shared = new CompiledModule(this.cache, this.entry, this.artifact, false);
		if (!this.linked.isEmpty()) {
			shared.linked = this.linked.stream().map(CompiledModule::share).toList();
		}
		return shared;
	}

	/**
	 * Hold the handles of the modules this one links (an Extism plugin's other modules)
	 * for as long as this handle: closing it closes them, sharing it shares them, so the
	 * cache counts and reuses their compiled code while the plugin lives. Called once,
	 * before the handle is published.
	 */
	void holdLinked(List<CompiledModule> linked) {
		this.linked = List.copyOf(linked);
	}

	/**
	 * Whether the call that made this handle built its code rather than found it held
	 * already (for the same bytes under another name, or by an earlier handle).
	 */
	boolean built() {
		return this.built;
	}

	/** Whether its code was loaded from the cache's directory rather than compiled. */
	boolean loadedFromDirectory() {
		return this.entry.loadedFromDirectory;
	}

	/**
	 * Whether its code was compiled when the application was built.
	 */
	boolean loadedAtBuildTime() {
		return this.entry.loadedAtBuildTime;
	}

	CompiledArtifact artifact() {
		return this.artifact;
	}

	/**
	 * Return the SHA-256 digest of the module's bytes, in hex: for a module with a fuel
	 * budget, of its bytes as rewritten to meter themselves (the digest it is cached
	 * under).
	 * @return the digest
	 */
	public String digest() {
		return this.artifact.digest();
	}

	/**
	 * Return the engine the module was compiled for.
	 * @return the engine
	 */
	public WasmEngine engine() {
		return this.artifact.engine();
	}

	/**
	 * Return the exported functions and their signatures.
	 * @return the exports, by name
	 */
	public Map<String, WasmFunctionType> exports() {
		return Collections.unmodifiableMap(this.artifact.exports()
			.values()
			.stream()
			.collect(Collectors.toMap(CompiledArtifact.ExportedFunction::name,
					CompiledArtifact.ExportedFunction::type)));
	}

	/**
	 * Return the functions the module imports.
	 * @return the imports, in declaration order
	 */
	public List<WasmImportDescriptor> imports() {
		return this.artifact.functionImports();
	}

	/**
	 * Return the initial size of the module's memory in 64 KiB pages (0 without memory).
	 * @return the initial pages
	 * @deprecated nothing uses it; to be removed. A module's effective memory limit is
	 * {@link WasmRuntime#maxMemoryBytes(String)}
	 */
	@Deprecated(forRemoval = true)
	public int initialMemoryPages() {
		return this.artifact.minPages();
	}

	/**
	 * Return whether the handle was closed.
	 * @return whether it is closed
	 */
	public boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * Release this handle's hold on the compiled module.
	 */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.cache.release(this.entry);
			this.linked.forEach(CompiledModule::close);
		}
	}

	@Override
	public String toString() {
		return "CompiledModule[" + digest() + ", " + engine() + (isClosed() ? ", closed" : "") + "]";
	}

}
