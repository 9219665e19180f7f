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

package dev.wasmspring.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleNotFoundException;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.internal.failure.Failures;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.load.ModuleLoader;
import dev.wasmspring.runtime.internal.memory.MemoryBounds;
import dev.wasmspring.runtime.internal.module.LoadedModule;
import dev.wasmspring.runtime.internal.module.ModuleCatalog;
import dev.wasmspring.runtime.internal.module.ModuleRegistry;
import dev.wasmspring.runtime.internal.module.OnDemandModules;
import dev.wasmspring.runtime.internal.module.RuntimeServices;
import dev.wasmspring.runtime.internal.wasi.WasiOpenFiles;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.statistics.WasmInstanceCounts;
import dev.wasmspring.runtime.statistics.WasmMemoryUsage;
import dev.wasmspring.runtime.statistics.WasmModuleResidency;
import dev.wasmspring.runtime.statistics.WasmRuntimeStatistics;
import dev.wasmspring.runtime.wasi.WasiInstanceOptions;

/**
 * The entry point: a registry of named, compiled modules and the factory of their
 * instances.
 * <p>
 * <b>Threads:</b> a runtime is meant to be one per application and is safe to share
 * between all threads. Defining, replacing and removing modules may happen while other
 * threads create and call instances: replacement compiles the new module first, swaps it
 * in atomically, then releases the old one, and instances created before the swap keep
 * running the module they were created from. A definition that finishes after the runtime
 * was closed fails and keeps nothing; one that finishes after the host functions were
 * replaced is linked against the new ones.
 * <p>
 * <b>Lifecycle:</b> whoever builds a runtime closes it. Closing releases the runtime's
 * hold on its compiled modules (other runtimes sharing the {@link CompilationCache} are
 * unaffected) and lets its timeout watchdog thread end once no call is running; instances
 * still open stay usable, under their timeouts, until closed, but new ones cannot be
 * created.
 */
public final class WasmRuntime implements AutoCloseable {

	/** Table elements an instance may hold unless configured: 1 MiB of heap at most. */
	public static final long DEFAULT_MAX_TABLE_ELEMENTS = 100_000;

	/** The largest module that may be loaded unless configured: 32 MiB. */
	public static final long DEFAULT_MAX_MODULE_SIZE = 32L * 1024 * 1024;

	/** How long loading a module may wait for its compilation unless configured. */
	public static final Duration DEFAULT_COMPILE_TIMEOUT = Duration.ofMinutes(1);

	private final WasmEngine engine;

	private final CompilationCache cache;

	private final WasmSettingNames settingNames;

	private final ModuleRegistry modules;

	private final ModuleCatalog catalog;

	private final RuntimeServices services;

	private final ModuleLoader loader;

	private WasmRuntime(Builder builder) {
		this.engine = builder.engine;
		this.cache = builder.cache;
		this.settingNames = builder.settingNames;
		this.modules = new ModuleRegistry(builder.settingNames);
		this.services = builder.services();
		this.loader = builder.loader(this.services);
		this.catalog = new ModuleCatalog(this.modules,
				new OnDemandModules(builder.moduleResolver, builder.maxLoadedModules), this.loader::loadAll,
				builder.hostFunctions, this.services.api());
		Failures.prepare();
	}

	/** The answer-size limit of modules that set none: 8 MiB. */
	public static final long DEFAULT_MAX_ANSWER_BYTES = 8L * 1024 * 1024;

	/**
	 * Return the runtime's memory budget: what every instance together may make the host
	 * hold, how much of it is reserved now, and how often a reservation was refused.
	 * @return the budget's usage now
	 */
	public WasmMemoryUsage memoryUsage() {
		MemoryBudget budget = this.services.memoryBudget();
		return new WasmMemoryUsage(budget.capacity(), budget.reserved(), budget.peak(), budget.refusals());
	}

	/**
	 * Return how many compilations are still running, or waiting to run, after their
	 * callers gave up on them (their compile timeout passed).
	 * @return the count
	 */
	public int abandonedCompilations() {
		return this.loader.compileGate().abandoned();
	}

	long compilationsStarted() {
		return this.loader.compileGate().started();
	}

	WasiOpenFiles wasiOpenFiles() {
		return this.services.wasiOpenFiles();
	}

	/** The call timeout of modules that set none: 10 seconds. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * The memory limit of modules that set none: 16 MiB (a larger initial memory fails).
	 */
	public static final long DEFAULT_MAX_MEMORY_BYTES = 16L * 1024 * 1024;

	/**
	 * Start building a runtime with safe defaults: the compiler engine, the JVM-wide
	 * shared compilation cache, a call timeout of {@link #DEFAULT_TIMEOUT}, a memory
	 * limit of {@link #DEFAULT_MAX_MEMORY_BYTES} and no host functions.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the engine modules are compiled for.
	 * @return the engine
	 */
	public WasmEngine engine() {
		return this.engine;
	}

	/**
	 * Return the compilation cache.
	 * @return the cache
	 */
	public CompilationCache compilationCache() {
		return this.cache;
	}

	/**
	 * Compile bytes without giving them a name, through the runtime's cache.
	 * @param bytes the module's bytes
	 * @return a new handle, to be closed by the caller
	 */
	public CompiledModule compile(byte[] bytes) {
		return this.cache.compile(bytes, this.engine, null, "<bytes>");
	}

	/**
	 * Define a module under its name, or replace the module of that name. Compiles (or
	 * reuses a compiled artifact) and links the module's imports before it becomes
	 * visible; on failure nothing changes.
	 * @param definition the definition
	 * @throws WasmModuleLoadException if the bytes cannot be loaded
	 * @throws WasmLinkException if the imports cannot be satisfied
	 */
	public void define(WasmModuleDefinition definition) {
		defineAll(List.of(definition));
	}

	/**
	 * Define several modules, compiling them in parallel. Either all are defined or, if
	 * any fails, none is and the first failure is thrown with the others attached as
	 * suppressed exceptions.
	 * @param definitions the definitions
	 */
	public void defineAll(Collection<WasmModuleDefinition> definitions) {
		this.catalog.defineAll(definitions);
	}

	/**
	 * Replace the bytes of a defined module, keeping everything else its definition says:
	 * limits, allowed imports, WASI sandbox and digest pin (a pinned module takes only
	 * bytes with that digest; to change both, define
	 * {@code definition(name).withSource(source).withSha256(digest)}). Instances already
	 * created keep running the old bytes.
	 * @param name the module name
	 * @param source where the new bytes come from
	 * @throws WasmModuleNotFoundException if no module of that name is defined
	 * @throws WasmModuleLoadException if the bytes cannot be loaded
	 * @throws WasmLinkException if the imports cannot be satisfied
	 */
	public void replaceSource(String name, ModuleSource source) {
		define(definition(name).withSource(source));
	}

	/**
	 * Remove a module. Instances already created keep working.
	 * @param name the module name
	 * @return whether a module of that name existed
	 */
	public boolean remove(String name) {
		return this.catalog.remove(name);
	}

	/**
	 * Define a module to be loaded when it is first used (an instance, a handle, its
	 * settings), instead of now; replaces the module of that name, loaded or not. Loading
	 * happens once however many threads first use it at once; a load failure fails that
	 * use, and the next use tries again.
	 * @param definition the definition
	 */
	public void defineLazily(WasmModuleDefinition definition) {
		this.catalog.defineLazily(definition);
	}

	/**
	 * Return the names of the modules loaded now: their code is held, ready for
	 * instances. Modules defined lazily, or evicted, are loaded on their next use.
	 * @return the names, sorted
	 */
	public Set<String> loadedModuleNames() {
		return this.modules.names();
	}

	/**
	 * Return whether a module is loaded now (see {@link #loadedModuleNames()}).
	 * @param name the module name
	 * @return whether it is loaded
	 */
	public boolean isLoaded(String name) {
		return this.modules.contains(name);
	}

	/**
	 * Return which modules are loaded and how modules loaded on first use came to be.
	 * @return a snapshot
	 */
	public WasmModuleResidency residency() {
		return this.catalog.residency();
	}

	/**
	 * Replace the host functions modules link against, and link every defined module
	 * again. Either every module links and the new functions take effect for new
	 * instances, or nothing changes and the first failure is thrown.
	 * @param functions the host functions
	 * @throws WasmLinkException if a module's imports cannot be satisfied
	 */
	public void replaceHostFunctions(Collection<? extends WasmHostFunction> functions) {
		this.catalog.replaceHostFunctions(functions);
	}

	/**
	 * Return the host functions modules link against: those the runtime was built with,
	 * or the last ones given to {@link #replaceHostFunctions(Collection)}.
	 * @return the host functions, immutable
	 */
	public List<WasmHostFunction> hostFunctions() {
		return this.catalog.hostFunctions();
	}

	/**
	 * Return how messages name the settings a user can change.
	 * @return the setting names
	 */
	public WasmSettingNames settingNames() {
		return this.settingNames;
	}

	/**
	 * Return the names of the defined modules.
	 * @return the names, sorted
	 */
	public Set<String> moduleNames() {
		return this.catalog.names();
	}

	/**
	 * Return whether a module of the given name is defined.
	 * @param name the name
	 * @return whether it is defined
	 */
	public boolean hasModule(String name) {
		return this.catalog.hasModule(name);
	}

	/**
	 * Return a new handle on the compiled module currently defined under a name. The
	 * handle keeps the compiled module cached until it is closed, even if the name is
	 * redefined or removed meanwhile.
	 * @param name the module name
	 * @return a new handle, to be closed by the caller
	 */
	public CompiledModule module(String name) {
		return this.catalog.share(name);
	}

	/**
	 * Create an instance of a module, with no attributes.
	 * @param name the module name
	 * @return a new instance, to be closed by the caller
	 */
	public WasmInstance newInstance(String name) {
		return newInstance(name, Map.of());
	}

	/**
	 * Create an instance of a module. The attributes are visible to host functions
	 * through {@link WasmCallContext#attributes()}.
	 * @param name the module name
	 * @param attributes the attributes (copied)
	 * @return a new instance, to be closed by the caller
	 */
	public WasmInstance newInstance(String name, Map<String, ?> attributes) {
		checkOpen();
		LoadedModule module = loaded(name);
		Map<String, Object> copy = copyOf(name, attributes);
		return WasmInstance.create(module, copy, null);
	}

	private static Map<String, Object> copyOf(String name, Map<String, ?> attributes) {
		if (attributes == null) {
			throw new IllegalArgumentException("The attributes of a new instance of WASM module '" + name
					+ "' are null; pass an empty map for none.");
		}
		if (attributes.isEmpty()) {
			return Map.of();
		}
		attributes.forEach((key, value) -> {
			if (key == null || value == null) {
				throw new IllegalArgumentException("Attribute '" + key + "' of a new instance of WASM module '" + name
						+ "' is null" + ((key != null) ? "" : " as a key") + "; attributes must not be null: leave "
						+ "the attribute out instead. Attributes given: " + attributes.keySet() + ".");
			}
		});
		return Map.copyOf(attributes);
	}

	/**
	 * Declare names of modules that will be defined later, so that asking for one of them
	 * before then fails saying so, rather than that no such module exists.
	 * @param names the module names
	 * @param whenDefined when they will be defined and what to do meanwhile, for the
	 * message of that failure
	 */
	public void expect(Collection<String> names, String whenDefined) {
		this.modules.expect(names, whenDefined);
	}

	/**
	 * Create an instance of a WASI module with its own standard input, arguments,
	 * environment, scratch directory or output destinations, overriding the module's
	 * settings (see {@link WasiInstanceOptions}). For a module without WASI imports the
	 * options have no effect.
	 * @param name the module name
	 * @param attributes the attributes (copied)
	 * @param wasi the instance's own WASI settings
	 * @return a new instance, to be closed by the caller; closing it deletes its scratch
	 * directory
	 */
	public WasmInstance newInstance(String name, Map<String, ?> attributes, WasiInstanceOptions wasi) {
		checkOpen();
		LoadedModule module = loaded(name);
		Map<String, Object> copy = copyOf(name, attributes);
		return WasmInstance.create(module, copy, wasi);
	}

	private LoadedModule loaded(String name) {
		return this.catalog.loaded(name);
	}

	/**
	 * Return a snapshot of the runtime's statistics.
	 * @return the statistics
	 */
	public WasmRuntimeStatistics statistics() {
		WasmInstanceCounts total = this.services.instances().total();
		return new WasmRuntimeStatistics(this.modules.digests(), this.cache.compilations(), this.cache.size(),
				total.live(), total.created());
	}

	/**
	 * Return whether a module runs as an Extism plugin (by its ABI setting, or by
	 * importing Extism's kernel), so that its instances' {@code callText} and
	 * {@code callBytes} go through Extism's input and output.
	 * @param name the module name
	 * @return whether it is an Extism plugin
	 * @throws WasmModuleNotFoundException if no such module is defined
	 */
	public boolean isExtismPlugin(String name) {
		return loaded(name).imports.isExtism();
	}

	/**
	 * Return the definition a module was defined with.
	 * @param name the module name
	 * @return the definition
	 */
	public WasmModuleDefinition definition(String name) {
		return this.catalog.definition(name);
	}

	/**
	 * Return the effective call timeout of a module ({@link Duration#ZERO} for none).
	 * @param name the module name
	 * @return the timeout
	 */
	public Duration timeout(String name) {
		return Duration.ofNanos(loaded(name).timeoutNanos);
	}

	/**
	 * Return the effective maximum memory of a module in bytes, or 0 if it has no memory.
	 * @param name the module name
	 * @return the maximum
	 */
	public long maxMemoryBytes(String name) {
		MemoryBounds bounds = loaded(name).memoryBounds;
		return (bounds != null) ? (long) bounds.maxPages() * WasmMemory.PAGE_SIZE : 0;
	}

	/**
	 * Return how many instances of a module exist, counting instances of versions it was
	 * redefined from.
	 * @param name the module name
	 * @return the counts, zero for a module never defined
	 */
	public WasmInstanceCounts instanceCounts(String name) {
		return this.services.instances().counts(name);
	}

	CallWatchdog watchdog() {
		return this.services.watchdog();
	}

	private void checkOpen() {
		this.catalog.checkOpen();
	}

	/**
	 * Return whether the runtime was closed.
	 * @return whether it is closed
	 */
	public boolean isClosed() {
		return this.catalog.isClosed();
	}

	@Override
	public void close() {
		if (this.catalog.close()) {
			this.services.watchdog().close();
		}
	}

	/**
	 * Builds a {@link WasmRuntime}. Like every builder here, each {@code withX} method
	 * changes this builder and returns it (value types' {@code withX} methods return
	 * copies instead). Not thread-safe; build once and share the runtime.
	 */
	public static final class Builder extends RuntimeOptions {

		private Builder() {
		}

		/**
		 * Build the runtime.
		 * @return a new runtime, to be closed by the caller
		 */
		public WasmRuntime build() {
			return new WasmRuntime(this);
		}

	}

}
