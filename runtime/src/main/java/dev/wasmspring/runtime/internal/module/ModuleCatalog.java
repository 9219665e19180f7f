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

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmModuleNotFoundException;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.internal.host.ImportPlan;
import dev.wasmspring.runtime.internal.wasi.WasiDirectories;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.statistics.WasmModuleResidency;
import org.jspecify.annotations.Nullable;

/**
 * Every change to which module a name stands for: eager and lazy definitions, relinking
 * against new host functions, removal, closing, loading on first use and eviction of the
 * least recently used. Changes are serialised under one lock; finding a loaded module is
 * lock-free. Loading happens outside the lock and is installed only if nothing it
 * depended on (the host functions, the name's definition, the catalog being open) changed
 * meanwhile; otherwise it is released and, where still wanted, done again.
 */
public final class ModuleCatalog {

	private final ModuleRegistry modules;

	private final OnDemandModules onDemand;

	private final Loader loader;

	private final ApiAccess api;

	// serialises definitions, removals and closing; reads of the registry are lock-free
	private final Object lock = new Object();

	private volatile Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions;

	private volatile List<WasmHostFunction> hostFunctionList;

	private volatile boolean closed;

	public ModuleCatalog(ModuleRegistry modules, OnDemandModules onDemand, Loader loader,
			Collection<? extends WasmHostFunction> hostFunctions, ApiAccess api) {
		this.modules = modules;
		this.api = api;
		this.onDemand = onDemand;
		this.loader = loader;
		this.hostFunctionList = List.copyOf(hostFunctions);
		this.hostFunctions = ImportPlan.index(this.hostFunctionList);
	}

	/** Define modules, all or none; see {@link WasmRuntime#defineAll(Collection)}. */
	public void defineAll(Collection<WasmModuleDefinition> definitions) {
		checkOpen();
		List<WasmModuleDefinition> toDefine = List.copyOf(definitions);
		for (;;) {
			Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions = this.hostFunctions;
			List<LoadedModule> loaded = this.loader.loadAll(toDefine, hostFunctions);
			synchronized (this.lock) {
				if (this.closed) {
					loaded.forEach((module) -> module.handle.close());
					checkOpen();
				}
				if (hostFunctions == this.hostFunctions) {
					loaded.forEach(this.modules::put);
					loaded.forEach((module) -> this.onDemand.forget(module.name()));
					if (this.onDemand.bounded() && !loaded.isEmpty()) {
						this.onDemand.evictBeyondLimit(this.modules, loaded.get(loaded.size() - 1).name());
					}
					return;
				}
			}
			// the host functions were replaced while these modules were linked: link them
			// against the new ones
			loaded.forEach((module) -> module.handle.close());
		}
	}

	/** Make a definition loadable on first use, replacing the name's module. */
	public void defineLazily(WasmModuleDefinition definition) {
		checkOpen();
		WasiDirectories.check(definition);
		synchronized (this.lock) {
			this.modules.remove(definition.name());
			this.onDemand.defineLazily(definition);
		}
	}

	/** Remove a name's module, loaded or not; whether one existed. */
	public boolean remove(String name) {
		synchronized (this.lock) {
			boolean known = this.onDemand.isKnown(name);
			this.onDemand.forget(name);
			return this.modules.remove(name) || known;
		}
	}

	/** Link every loaded module against new host functions: all, or nothing changes. */
	public void replaceHostFunctions(Collection<? extends WasmHostFunction> functions) {
		checkOpen();
		List<WasmHostFunction> list = List.copyOf(functions);
		Map<ImportPlan.HostKey, List<WasmHostFunction>> index = ImportPlan.index(list);
		synchronized (this.lock) {
			List<LoadedModule> relinked = this.loader.loadAll(this.modules.definitions(), index);
			this.hostFunctions = index;
			this.hostFunctionList = list;
			relinked.forEach(this.modules::put);
		}
	}

	public List<WasmHostFunction> hostFunctions() {
		return this.hostFunctionList;
	}

	/**
	 * The module a name stands for, loaded on first use if need be, its use recorded.
	 * @throws WasmModuleNotFoundException if the name stands for none
	 */
	public LoadedModule loaded(String name) {
		LoadedModule module = (name != null) ? this.modules.find(name) : null;
		if (module == null && name != null) {
			module = this.onDemand.load(name, this::loadOnFirstUse);
		}
		if (module == null) {
			// not defined: the registry says why
			module = this.modules.get(name);
		}
		this.onDemand.used(module);
		return module;
	}

	/** A new handle on the module a name stands for, never one already released. */
	public CompiledModule share(String name) {
		for (;;) {
			// loaded outside the lock: a module loaded on first use installs itself under
			// it
			LoadedModule module = loaded(name);
			synchronized (this.lock) {
				// under the lock, so the registry's own handle cannot be released while
				// we
				// share it; a module evicted or replaced meanwhile is looked up again
				if (this.modules.find(name) == module) {
					return this.api.share(module.handle);
				}
			}
		}
	}

	/**
	 * Load a module on its first use and install it, unless it was removed or redefined
	 * meanwhile.
	 */
	private @Nullable LoadedModule loadOnFirstUse(WasmModuleDefinition first) {
		checkOpen();
		LoadedModule already = this.modules.find(first.name());
		if (already != null) {
			// installed by the flight that ended as this one began
			return already;
		}
		WasmModuleDefinition definition = first;
		for (;;) {
			Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions = this.hostFunctions;
			LoadedModule loaded = this.loader.loadAll(List.of(definition), hostFunctions).get(0);
			synchronized (this.lock) {
				LoadedModule current = this.modules.find(definition.name());
				if (this.closed || current != null) {
					// closed, or defined eagerly meanwhile: that module counts
					loaded.handle.close();
					checkOpen();
					return current;
				}
				if (!this.onDemand.isCurrent(definition)) {
					// removed, or defined lazily again, meanwhile
					loaded.handle.close();
					WasmModuleDefinition now = this.onDemand.definition(definition.name());
					if (now == null) {
						return null;
					}
					definition = now;
					continue;
				}
				if (hostFunctions == this.hostFunctions) {
					this.modules.put(loaded);
					ApiAccess.CodeOrigin origin = this.api.origin(loaded.handle);
					this.onDemand.loaded(origin.built(), origin.fromDirectory(), origin.atBuildTime());
					this.onDemand.evictBeyondLimit(this.modules, definition.name());
					return loaded;
				}
			}
			loaded.handle.close();
		}
	}

	/** The definition a name stands for, without loading it. */
	public WasmModuleDefinition definition(String name) {
		LoadedModule module = (name != null) ? this.modules.find(name) : null;
		WasmModuleDefinition notLoaded = (module == null && name != null) ? this.onDemand.definition(name) : null;
		return (notLoaded != null) ? notLoaded : loaded(name).definition;
	}

	public Set<String> names() {
		TreeSet<String> names = new TreeSet<>(this.modules.names());
		names.addAll(this.onDemand.knownNames());
		return Collections.unmodifiableSet(names);
	}

	public boolean hasModule(String name) {
		return this.modules.contains(name) || this.onDemand.isKnown(name);
	}

	public WasmModuleResidency residency() {
		Set<String> defined = new HashSet<>(this.modules.names());
		defined.addAll(this.onDemand.knownNames());
		return this.onDemand.residency(this.modules.size(), defined.size());
	}

	public void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("This WasmRuntime is closed");
		}
	}

	public boolean isClosed() {
		return this.closed;
	}

	/** Release every module and refuse changes; whether this call closed it. */
	public boolean close() {
		synchronized (this.lock) {
			if (this.closed) {
				return false;
			}
			this.closed = true;
			this.modules.clear();
			this.onDemand.clear();
			return true;
		}
	}

	/** Loads and links modules: all of them, or none and the first failure is thrown. */
	@FunctionalInterface
	public interface Loader {

		List<LoadedModule> loadAll(Collection<WasmModuleDefinition> definitions,
				Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions);

	}

}
