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

package dev.wasmspring.runtime.internal.load;

import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.memory.MemoryBounds;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the memory and table limits a module runs under, from its definition, the
 * runtime's defaults and what the module declares, and refuses a module whose
 * declarations do not fit them.
 */
public final class ModuleLimits {

	private final @Nullable Long defaultMaxMemoryBytes;

	private final long defaultMaxTableElements;

	private final WasmSettingNames settingNames;

	/**
	 * Create the limits.
	 * @param defaultMaxMemoryBytes the memory limit of modules that set none, or
	 * {@code null} for their declared maximum
	 * @param defaultMaxTableElements the table-element limit of modules that set none
	 * @param settingNames how messages name the settings
	 */
	public ModuleLimits(@Nullable Long defaultMaxMemoryBytes, long defaultMaxTableElements,
			WasmSettingNames settingNames) {
		this.defaultMaxMemoryBytes = defaultMaxMemoryBytes;
		this.defaultMaxTableElements = defaultMaxTableElements;
		this.settingNames = settingNames;
	}

	/**
	 * Return how many table elements an instance of the module may hold.
	 * @param definition the module's definition
	 * @param artifact the compiled module
	 * @return the limit
	 * @throws WasmModuleLoadException if the module's tables declare more
	 */
	public long maxTableElements(WasmModuleDefinition definition, CompiledArtifact artifact) {
		Long explicit = definition.maxTableElements();
		long limit = (explicit != null) ? explicit : this.defaultMaxTableElements;
		long declared = artifact.declaredTableElements();
		if (declared > limit) {
			String setting = this.settingNames.maxTableElements(definition.name());
			throw new WasmModuleLoadException(definition.name(), definition.source().location(),
					Reason.TABLE_LIMIT_TOO_LOW,
					"its tables declare " + declared + " elements, above the limit of " + limit + "; raise " + setting,
					null);
		}
		return limit;
	}

	/**
	 * Return the bounds of the module's memory.
	 * @param definition the module's definition
	 * @param artifact the compiled module
	 * @return the bounds, or {@code null} if the module has no memory
	 * @throws WasmModuleLoadException if the limit is below the module's initial memory
	 */
	public @Nullable MemoryBounds memoryBounds(WasmModuleDefinition definition, CompiledArtifact artifact) {
		if (!artifact.hasMemory()) {
			return null;
		}
		int declaredMax = Math.min(artifact.maxPages(), MemoryBounds.ENGINE_MAX_PAGES);
		Long explicit = definition.maxMemoryBytes();
		Integer extismPages = definition.extism().maxPages();
		if (extismPages != null) {
			// Extism's memory.max_pages: a budget of growth after instantiation, so the
			// memory may reach its initial size plus that many pages (and one call's
			// blocks share what it has not taken); an explicit max-memory still caps it
			int growthLimit = (int) Math.min((long) artifact.minPages() + extismPages, declaredMax);
			int pages = (explicit != null)
					? (int) Math.min(growthLimit, Math.max(explicit / WasmMemory.PAGE_SIZE, artifact.minPages()))
					: growthLimit;
			if (explicit == null || explicit / WasmMemory.PAGE_SIZE >= artifact.minPages()) {
				return new MemoryBounds(artifact.minPages(), pages);
			}
		}
		Long limit = (explicit != null) ? explicit : this.defaultMaxMemoryBytes;
		if (limit == null) {
			return new MemoryBounds(artifact.minPages(), declaredMax);
		}
		int limitPages = (int) Math.min(limit / WasmMemory.PAGE_SIZE, Integer.MAX_VALUE);
		if (limitPages < artifact.minPages()) {
			if (explicit == null) {
				// yielding to the minimum would leave the module no room to grow: one
				// that can only fail
				throw new WasmModuleLoadException(definition.name(), definition.source().location(),
						Reason.MEMORY_LIMIT_TOO_LOW,
						"the default memory limit of " + limit + " bytes (" + limitPages
								+ ((limitPages == 1) ? " page" : " pages") + ") is below the module's declared "
								+ "initial memory of " + artifact.minPages() + " pages ("
								+ (long) artifact.minPages() * WasmMemory.PAGE_SIZE + " bytes), which would leave "
								+ "it no room to grow; give the module a limit of its own above its initial memory "
								+ "(" + this.settingNames.maxMemory(definition.name()) + "), or raise "
								+ this.settingNames.defaultMaxMemory(),
						null);
			}
			else {
				throw new WasmModuleLoadException(definition.name(), definition.source().location(),
						Reason.MEMORY_LIMIT_TOO_LOW,
						"max-memory " + explicit + " bytes (" + limitPages + ((limitPages == 1) ? " page" : " pages")
								+ ") is below the module's declared " + "initial memory of " + artifact.minPages()
								+ " pages (" + (long) artifact.minPages() * WasmMemory.PAGE_SIZE + " bytes); raise "
								+ this.settingNames.maxMemory(definition.name()),
						null);
			}
		}
		return new MemoryBounds(artifact.minPages(), Math.min(limitPages, declaredMax));
	}

}
