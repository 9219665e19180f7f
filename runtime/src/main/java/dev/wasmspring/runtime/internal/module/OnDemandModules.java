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

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.internal.limits.Causes;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.module.WasmModuleResolver;
import dev.wasmspring.runtime.statistics.WasmModuleResidency;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's modules that are loaded when first used: those defined lazily, those a
 * {@link WasmModuleResolver} resolves, and those unloaded to keep the number of loaded
 * modules within its limit. Loads each once however many threads ask at once (single
 * flight). The runtime holds its definitions lock whenever it calls the methods that
 * change which modules are loaded.
 */
public final class OnDemandModules {

	/** Definitions loadable on first use, by name: lazy, resolved, or evicted. */
	private final ConcurrentHashMap<String, WasmModuleDefinition> known = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, CompletableFuture<LoadedModule>> loading = new ConcurrentHashMap<>();

	private final @Nullable WasmModuleResolver resolver;

	private final int maxLoaded;

	private final LongAdder loads = new LongAdder();

	private final LongAdder compiled = new LongAdder();

	private final LongAdder fromDiskCache = new LongAdder();

	private final LongAdder fromBuildTime = new LongAdder();

	private final LongAdder fromMemory = new LongAdder();

	private final LongAdder evicted = new LongAdder();

	private final LongAdder resolved = new LongAdder();

	public OnDemandModules(@Nullable WasmModuleResolver resolver, int maxLoaded) {
		this.resolver = resolver;
		this.maxLoaded = maxLoaded;
	}

	/** Whether loaded modules are counted against a limit, and their use recorded. */
	public boolean bounded() {
		return this.maxLoaded > 0;
	}

	/** Record a use of a loaded module, for least-recently-used eviction. */
	public void used(LoadedModule module) {
		if (this.maxLoaded > 0) {
			module.lastUsed = System.nanoTime();
		}
	}

	/** Make a definition loadable on first use. Called under the definitions lock. */
	public void defineLazily(WasmModuleDefinition definition) {
		this.known.put(definition.name(), definition);
	}

	/** Forget every name: the runtime is closed. Called under the lock. */
	public void clear() {
		this.known.clear();
	}

	/** Forget a name: it was defined eagerly, or removed. Called under the lock. */
	public void forget(String name) {
		this.known.remove(name);
	}

	public boolean isKnown(String name) {
		return this.known.containsKey(name);
	}

	public Set<String> knownNames() {
		return this.known.keySet();
	}

	public @Nullable WasmModuleDefinition definition(String name) {
		return this.known.get(name);
	}

	/**
	 * Whether a loaded definition is still the one to install: not removed or redefined
	 * while it loaded. Called under the lock.
	 */
	public boolean isCurrent(WasmModuleDefinition definition) {
		return this.known.get(definition.name()) == definition;
	}

	/**
	 * Load a module not loaded, once for all threads asking: from its known definition,
	 * or from the resolver's.
	 * @param name the module name
	 * @param loader loads and installs a definition, returning the installed module, or
	 * {@code null} if the name was removed meanwhile
	 * @return the module, or {@code null} if the name is not known and the resolver has
	 * none
	 */
	public @Nullable LoadedModule load(String name, Loader loader) {
		CompletableFuture<LoadedModule> flight = this.loading.get(name);
		if (flight == null) {
			CompletableFuture<LoadedModule> mine = new CompletableFuture<>();
			flight = this.loading.putIfAbsent(name, mine);
			if (flight == null) {
				flight = mine;
				try {
					mine.complete(loadOnce(name, loader));
				}
				catch (Throwable ex) {
					mine.completeExceptionally(ex);
				}
				finally {
					this.loading.remove(name, mine);
				}
			}
		}
		try {
			return flight.join();
		}
		catch (CompletionException ex) {
			throw Causes.unchecked(ex.getCause());
		}
	}

	private @Nullable LoadedModule loadOnce(String name, Loader loader) {
		WasmModuleDefinition definition = this.known.get(name);
		if (definition != null) {
			return loader.load(definition);
		}
		WasmModuleDefinition resolved = resolve(name);
		if (resolved == null) {
			return null;
		}
		WasmModuleDefinition earlier = this.known.putIfAbsent(name, resolved);
		if (earlier != null) {
			// defined meanwhile: that definition counts
			return loader.load(earlier);
		}
		this.resolved.increment();
		try {
			return loader.load(resolved);
		}
		catch (RuntimeException | Error ex) {
			// the next use asks the resolver again, which may know better by then
			this.known.remove(name, resolved);
			throw ex;
		}
	}

	private @Nullable WasmModuleDefinition resolve(String name) {
		if (this.resolver == null) {
			return null;
		}
		WasmModuleDefinition definition;
		try {
			definition = this.resolver.resolve(name);
		}
		catch (RuntimeException ex) {
			throw new WasmModuleLoadException(name, "<resolver>", WasmModuleLoadException.Reason.NOT_FOUND,
					"the module resolver failed (" + ex + "); the next use of the name asks it again", ex);
		}
		if (definition != null && !definition.name().equals(name)) {
			throw new WasmModuleLoadException(name, definition.source().location(),
					WasmModuleLoadException.Reason.NOT_FOUND, "the module resolver returned a definition named '"
							+ definition.name() + "' for it; return one of the name asked for",
					null);
		}
		return definition;
	}

	/** Count a load on first use, by where its code came from. */
	public void loaded(boolean built, boolean fromDisk, boolean fromBuild) {
		this.loads.increment();
		(!built ? this.fromMemory : fromBuild ? this.fromBuildTime : fromDisk ? this.fromDiskCache : this.compiled)
			.increment();
	}

	/**
	 * Unload the least recently used modules beyond the limit, keeping their definitions
	 * for their next use. Called under the lock; instances already created keep their
	 * module until they close.
	 * @param modules the loaded modules
	 * @param keep the module just loaded, never evicted
	 */
	public void evictBeyondLimit(ModuleRegistry modules, String keep) {
		while (this.maxLoaded > 0 && modules.size() > this.maxLoaded) {
			LoadedModule oldest = null;
			for (LoadedModule module : modules.loaded()) {
				if (!module.name().equals(keep) && (oldest == null || module.lastUsed - oldest.lastUsed < 0)) {
					oldest = module;
				}
			}
			if (oldest == null) {
				return;
			}
			this.known.put(oldest.name(), oldest.definition);
			modules.remove(oldest.name());
			this.evicted.increment();
		}
	}

	public WasmModuleResidency residency(int loaded, int defined) {
		return new WasmModuleResidency(defined, loaded, this.maxLoaded, this.loads.sum(), this.compiled.sum(),
				this.fromDiskCache.sum(), this.fromMemory.sum(), this.evicted.sum(), this.resolved.sum(),
				this.fromBuildTime.sum());
	}

	/** Loads and installs a definition. */
	@FunctionalInterface
	public interface Loader {

		@Nullable LoadedModule load(WasmModuleDefinition definition);

	}

}
