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

package dev.wasmspring.autoconfigure.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.wasmspring.autoconfigure.WasmModuleLoader;
import dev.wasmspring.autoconfigure.WasmModuleStatus;
import dev.wasmspring.autoconfigure.WasmReloadOutcome;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.function.WasmImportDescriptor;
import dev.wasmspring.runtime.statistics.WasmInstanceCounts;
import dev.wasmspring.runtime.statistics.WasmMemoryUsage;
import dev.wasmspring.runtime.statistics.WasmModuleResidency;
import dev.wasmspring.runtime.statistics.WasmRuntimeStatistics;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code wasm} Actuator endpoint: the loaded modules with their digest, size, source,
 * exports and imports with their types, limits and how they were compiled, the runtime's
 * instances and compilations, and a write operation that reloads one module from its
 * source. Its default access is read-only, so the reload must be allowed explicitly
 * ({@code management.endpoint.wasm.access=unrestricted}); like every endpoint but health,
 * it is not exposed unless listed in {@code management.endpoints.web.exposure.include}.
 * <p>
 * Thread-safe.
 */
@Endpoint(id = "wasm", defaultAccess = Access.READ_ONLY)
public class WasmEndpoint {

	private final WasmModuleLoader loader;

	/**
	 * Create an endpoint.
	 * @param loader the loader whose modules are described and reloaded
	 */
	public WasmEndpoint(WasmModuleLoader loader) {
		this.loader = loader;
	}

	/**
	 * Describe the runtime and every loaded module.
	 * @return the description
	 */
	@ReadOperation
	public RuntimeDescriptor modules() {
		WasmRuntime runtime = this.loader.runtime();
		WasmRuntimeStatistics statistics = runtime.statistics();
		Map<String, ModuleDescriptor> modules = new TreeMap<>();
		this.loader.statuses().forEach((name, status) -> {
			ModuleDescriptor module = describe(status);
			if (module != null) {
				modules.put(name, module);
			}
		});
		long compilations = statistics.compilations().values().stream().mapToLong(Long::longValue).sum();
		return new RuntimeDescriptor(runtime.engine().name().toLowerCase(Locale.ROOT), statistics.liveInstances(),
				statistics.instancesCreated(), compilations, statistics.cachedArtifacts(), runtime.memoryUsage(),
				modules, Residency.of(runtime));
	}

	/**
	 * Describe one module.
	 * @param name the module's name
	 * @return its description, or {@code null} (answered 404) if no such module is loaded
	 */
	@ReadOperation
	public @Nullable ModuleDescriptor module(@Selector String name) {
		return this.loader.status(name).map(this::describe).orElse(null);
	}

	/**
	 * Reload one module from its source: compile its new bytes and swap them in if they
	 * changed.
	 * @param name the module's name
	 * @return the outcome, or {@code null} (answered 404) if no such module is configured
	 */
	@WriteOperation
	public @Nullable Map<String, Object> reload(@Selector String name) {
		if (this.loader.status(name).isEmpty()) {
			return null;
		}
		WasmReloadOutcome outcome = this.loader.reload(name);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("module", name);
		answer.putAll(WasmHealthContributor.describe(outcome));
		return answer;
	}

	private @Nullable ModuleDescriptor describe(WasmModuleStatus status) {
		WasmRuntime runtime = this.loader.runtime();
		String name = status.name();
		if (!runtime.isLoaded(name)) {
			// unloaded to stay within wasm.max-loaded-modules: describing it would load
			// it
			return null;
		}
		Map<String, String> exports = new TreeMap<>();
		List<ImportDescriptor> imports;
		long compilations;
		try (CompiledModule module = runtime.module(name)) {
			module.exports().forEach((export, type) -> exports.put(export, type.toString()));
			imports = module.imports().stream().map(ImportDescriptor::of).toList();
			compilations = runtime.compilationCache().compilations(module.digest());
		}
		Duration timeout = runtime.timeout(name);
		long maxMemory = runtime.maxMemoryBytes(name);
		return new ModuleDescriptor(status.digest(), status.size(), status.location(),
				status.origin().name().toLowerCase(Locale.ROOT).replace('_', '-'), status.loadedAt().toString(),
				status.loadTime().toMillis(),
				new Limits(timeout.isZero() ? null : timeout.toString(), (maxMemory > 0) ? maxMemory : null),
				runtime.instanceCounts(name), compilations, exports, imports,
				(status.lastReload() != null) ? WasmHealthContributor.describe(status.lastReload()) : null);
	}

	/**
	 * The runtime and its modules.
	 *
	 * @param engine the engine modules are compiled for
	 * @param liveInstances instances created and not yet closed, all modules together
	 * @param instancesCreated instances created since the runtime started
	 * @param compilations compilations since the cache was created
	 * @param cachedArtifacts compiled modules held by the compilation cache
	 * @param memory the memory budget's usage: budget, reserved, peak and refused
	 * reservations
	 * @param modules the modules, by name
	 * @param residency which modules are loaded now, and how modules loaded on first use
	 * came to be loaded
	 */
	public record RuntimeDescriptor(String engine, long liveInstances, long instancesCreated, long compilations,
			int cachedArtifacts, WasmMemoryUsage memory, Map<String, ModuleDescriptor> modules, Residency residency) {

	}

	/**
	 * Which modules are loaded, and how modules loaded on first use (lazy, resolved by a
	 * {@code WasmModuleResolver}, or unloaded to stay within
	 * {@code wasm.max-loaded-modules}) came to be loaded.
	 *
	 * @param defined the modules defined, loaded or not
	 * @param maxLoaded the most modules held loaded at once, 0 for no limit
	 * @param loaded the names of the modules loaded now, sorted
	 * @param loadsOnFirstUse loads of modules not loaded when they were used
	 * @param compiled how many of those compiled the module
	 * @param fromDiskCache how many of those took its code from wasm.cache-dir
	 * @param fromMemory how many of those found its code held already
	 * @param evicted how many times a module was unloaded to stay within the limit
	 * @param resolved how many names the module resolver resolved
	 * @param fromBuildTime how many of those took code compiled when the application was
	 * built
	 */
	public record Residency(int defined, int maxLoaded, Set<String> loaded, long loadsOnFirstUse, long compiled,
			long fromDiskCache, long fromMemory, long evicted, long resolved, long fromBuildTime) {

		static Residency of(WasmRuntime runtime) {
			WasmModuleResidency residency = runtime.residency();
			return new Residency(residency.defined(), residency.maxLoaded(), runtime.loadedModuleNames(),
					residency.loadsOnFirstUse(), residency.compiled(), residency.fromDiskCache(),
					residency.fromMemory(), residency.evicted(), residency.resolved(), residency.fromBuildTime());
		}

	}

	/**
	 * One module.
	 *
	 * @param digest the SHA-256 digest of its bytes
	 * @param size the size of its bytes
	 * @param source where they were read from
	 * @param origin how its code was obtained: compiled, cache-directory,
	 * already-compiled or build-time
	 * @param loadedAt when the served version was loaded
	 * @param loadTimeMillis how long loading it took
	 * @param limits its limits
	 * @param instances its live and created instances
	 * @param compilations how many times its bytes were compiled
	 * @param exports its exported functions and their types
	 * @param imports the functions it imports
	 * @param lastReload the last reload's outcome, if any
	 */
	public record ModuleDescriptor(String digest, long size, String source, String origin, String loadedAt,
			long loadTimeMillis, Limits limits, WasmInstanceCounts instances, long compilations,
			Map<String, String> exports, List<ImportDescriptor> imports, @Nullable Map<String, Object> lastReload) {

	}

	/**
	 * A module's limits.
	 *
	 * @param timeout the call timeout, or {@code null} for none
	 * @param maxMemoryBytes the memory limit, or {@code null} if the module has no memory
	 */
	public record Limits(@Nullable String timeout, @Nullable Long maxMemoryBytes) {

	}

	/**
	 * One imported function.
	 *
	 * @param module its module
	 * @param name its name
	 * @param type its type
	 */
	public record ImportDescriptor(String module, String name, String type) {

		static ImportDescriptor of(WasmImportDescriptor descriptor) {
			return new ImportDescriptor(descriptor.module(), descriptor.name(), descriptor.type().toString());
		}

	}

}
