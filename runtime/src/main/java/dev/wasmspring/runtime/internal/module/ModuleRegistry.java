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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.wasmspring.runtime.exception.WasmModuleNotFoundException;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import org.jspecify.annotations.Nullable;

/**
 * The runtime's modules by name: finds the one a name stands for, or says why there is
 * none, and releases a module's hold on its compiled code when it is replaced or removed.
 * Reads are lock-free; callers serialise changes.
 */
public final class ModuleRegistry {

	private final ConcurrentHashMap<String, LoadedModule> modules = new ConcurrentHashMap<>();

	private final WasmSettingNames settingNames;

	private volatile Map<String, String> expected = Map.of();

	public ModuleRegistry(WasmSettingNames settingNames) {
		this.settingNames = settingNames;
	}

	/**
	 * Return the module defined under a name.
	 * @param name the name
	 * @return the module
	 * @throws WasmModuleNotFoundException if none is, saying when an expected one will be
	 */
	public LoadedModule get(String name) {
		if (name == null) {
			throw new IllegalArgumentException("No module name given (null). The defined modules are " + names() + ".");
		}
		LoadedModule module = this.modules.get(name);
		if (module == null) {
			String whenDefined = this.expected.get(name);
			if (whenDefined != null) {
				throw new WasmModuleNotFoundException(name,
						"WASM module '" + name + "' is expected but not defined yet: " + whenDefined);
			}
			throw new WasmModuleNotFoundException(name, names(), this.settingNames.location(name));
		}
		return module;
	}

	/** The module defined under a name, or {@code null}: no message is made. */
	public @Nullable LoadedModule find(String name) {
		return this.modules.get(name);
	}

	public int size() {
		return this.modules.size();
	}

	/** The modules, a live view for choosing one to evict; callers serialise changes. */
	public Collection<LoadedModule> loaded() {
		return this.modules.values();
	}

	public boolean contains(String name) {
		return this.modules.containsKey(name);
	}

	public Set<String> names() {
		return Collections.unmodifiableSet(new TreeSet<>(this.modules.keySet()));
	}

	public void expect(Collection<String> names, String whenDefined) {
		Map<String, String> expected = new HashMap<>(this.expected);
		names.forEach((name) -> expected.put(name, whenDefined));
		this.expected = Map.copyOf(expected);
	}

	/** Defines a module under its name, releasing the one it replaces. */
	public void put(LoadedModule module) {
		LoadedModule previous = this.modules.put(module.name(), module);
		if (previous != null) {
			previous.handle.close();
		}
	}

	public boolean remove(String name) {
		LoadedModule previous = this.modules.remove(name);
		if (previous != null) {
			previous.handle.close();
		}
		return previous != null;
	}

	public List<WasmModuleDefinition> definitions() {
		return this.modules.values().stream().map((module) -> module.definition).toList();
	}

	/** The digest of each module's bytes, by name, sorted. */
	public Map<String, String> digests() {
		Map<String, String> digests = new TreeMap<>();
		// the module's own bytes, also for a module whose code was rewritten to meter
		// fuel
		this.modules.forEach((name, module) -> digests.put(name, module.digest));
		return Collections.unmodifiableMap(digests);
	}

	/** Removes every module, releasing each. */
	public void clear() {
		Map<String, LoadedModule> defined = new HashMap<>(this.modules);
		this.modules.clear();
		defined.values().forEach((module) -> module.handle.close());
	}

}
