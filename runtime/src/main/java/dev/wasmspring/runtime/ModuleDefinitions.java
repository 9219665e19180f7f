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

import java.util.List;
import java.util.Map;

import dev.wasmspring.runtime.internal.host.ImportPlan;

/**
 * The one writer of a runtime's registry: defines, relinks and removes modules one change
 * at a time, links each against the host functions current when it becomes visible, and
 * refuses changes once closed. Reads of the registry stay lock-free.
 */
final class ModuleDefinitions {

	private final ModuleRegistry modules;

	private final ModuleLoader loader;

	// serialises definitions, removals and closing; reads of the registry are lock-free
	private final Object lock = new Object();

	private volatile Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions;

	private volatile List<WasmHostFunction> hostFunctionList;

	private volatile boolean closed;

	ModuleDefinitions(ModuleRegistry modules, ModuleLoader loader, List<WasmHostFunction> hostFunctions) {
		this.modules = modules;
		this.loader = loader;
		this.hostFunctionList = List.copyOf(hostFunctions);
		this.hostFunctions = ImportPlan.index(this.hostFunctionList);
	}

	/**
	 * Define modules, all or none. Modules linked while the host functions were replaced
	 * are linked again against the new ones.
	 * @param definitions the definitions
	 */
	void defineAll(List<WasmModuleDefinition> definitions) {
		checkOpen();
		for (;;) {
			Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions = this.hostFunctions;
			List<LoadedModule> loaded = this.loader.loadAll(definitions, hostFunctions);
			synchronized (this.lock) {
				if (this.closed) {
					loaded.forEach((module) -> module.handle.close());
					checkOpen();
				}
				if (hostFunctions == this.hostFunctions) {
					loaded.forEach(this.modules::put);
					return;
				}
			}
			// the host functions were replaced while these modules were linked: link them
			// against the new ones
			loaded.forEach((module) -> module.handle.close());
		}
	}

	/**
	 * Replace the host functions and link every defined module again, all or none.
	 * @param functions the host functions
	 */
	void replaceHostFunctions(List<WasmHostFunction> functions) {
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

	List<WasmHostFunction> hostFunctions() {
		return this.hostFunctionList;
	}

	boolean remove(String name) {
		synchronized (this.lock) {
			return this.modules.remove(name);
		}
	}

	/**
	 * Return a new handle on a module's compiled code, taken under the lock so that the
	 * registry's own handle cannot be released while it is shared.
	 * @param name the module name
	 * @return the new handle
	 */
	CompiledModule share(String name) {
		synchronized (this.lock) {
			return this.modules.get(name).handle.share();
		}
	}

	void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("This WasmRuntime is closed");
		}
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Refuse further changes and release every module.
	 * @return whether this call closed it (false if it was closed already)
	 */
	boolean close() {
		synchronized (this.lock) {
			if (this.closed) {
				return false;
			}
			this.closed = true;
			this.modules.clear();
			return true;
		}
	}

}
