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

import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.extism.ExtismConfig;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.extism.ExtismSettings;
import dev.wasmspring.runtime.internal.fuel.FuelBudget;
import dev.wasmspring.runtime.internal.host.ImportPlan;
import dev.wasmspring.runtime.internal.instance.InstanceSetup;
import dev.wasmspring.runtime.internal.instance.InstanceTally;
import dev.wasmspring.runtime.internal.memory.MemoryBounds;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A module as one runtime holds it under a name: its compiled artifact, linked imports
 * and effective limits. Immutable; replacing a module creates a new one, and instances
 * keep the one they were created from.
 */
public final class LoadedModule {

	public final WasmModuleDefinition definition;

	/**
	 * The export a snapshot's run called after {@code _initialize}, which an instance not
	 * started from the snapshot calls itself; null for none. Read once, at load.
	 */
	public final @Nullable String snapshotInitializer;

	private final String name;

	public final CompiledModule handle;

	public final CompiledArtifact artifact;

	/**
	 * The SHA-256 digest of the module's own bytes, in hex: for a module with a fuel
	 * budget not that of its compiled code, which was rewritten to meter itself.
	 */
	public final String digest;

	public final ImportPlan imports;

	public final @Nullable MemoryBounds memoryBounds;

	public final long timeoutNanos;

	public final long maxTableElements;

	public final RuntimeServices runtime;

	public final CompiledArtifact.@Nullable ExportedFunction initialize;

	public final boolean hasStartFunction;

	public final InstanceTally.Counters instanceCounters;

	public final ExtismSettings extismSettings;

	/** The largest answer callText and callBytes copy out of an instance. */
	public final long maxAnswerBytes;

	/**
	 * The failure calls end with when even reporting a failure finds no memory: made now,
	 * shared.
	 */
	public final WasmTrapException outOfMemory;

	/** The fuel each call starts with and where the guest counts it, or null for none. */
	public final @Nullable FuelBudget fuel;

	/** How its instances start: from the module's defaults, or from a snapshot. */
	public final InstanceSetup setup;

	/**
	 * The module's logger, {@code wasm.<name>}, which its guests' logged output and
	 * Extism log calls go to: looked up once, not by every instance.
	 */
	public final Logger logger;

	/**
	 * When it was last asked for, by {@link System#nanoTime()}, while the runtime bounds
	 * its loaded modules; written without synchronisation: an approximate order is enough
	 * to choose what to evict.
	 */
	long lastUsed = System.nanoTime();

	public LoadedModule(WasmModuleDefinition definition, String digest, CompiledModule handle, ImportPlan imports,
			@Nullable MemoryBounds memoryBounds, long timeoutNanos, long maxTableElements, RuntimeServices runtime) {
		this(definition, digest, handle, imports, memoryBounds, timeoutNanos, maxTableElements, runtime,
				InstanceSetup.NONE);
	}

	private LoadedModule(WasmModuleDefinition definition, String digest, CompiledModule handle, ImportPlan imports,
			@Nullable MemoryBounds memoryBounds, long timeoutNanos, long maxTableElements, RuntimeServices runtime,
			InstanceSetup setup) {
		this.definition = definition;
		this.digest = digest;
		this.name = definition.name();
		this.snapshotInitializer = definition.snapshot().initializer();
		this.handle = handle;
		this.artifact = runtime.api().artifact(handle);
		this.imports = imports;
		this.memoryBounds = memoryBounds;
		this.timeoutNanos = timeoutNanos;
		this.maxTableElements = maxTableElements;
		this.runtime = runtime;
		this.initialize = this.artifact.export("_initialize");
		this.hasStartFunction = this.artifact.hasStartFunction();
		ExtismConfig extism = definition.extism();
		// one call's blocks share the module's memory limit with its linear memory
		this.extismSettings = new ExtismSettings(extism.config(), extism.allowedHosts(),
				(memoryBounds != null) ? (long) memoryBounds.maxPages() * WasmMemory.PAGE_SIZE
						: ExtismSettings.DEFAULT_MAX_BLOCK_BYTES,
				(extism.maxVarBytes() != null) ? extism.maxVarBytes() : ExtismSettings.DEFAULT_MAX_VAR_BYTES,
				(extism.maxHttpResponseBytes() != null) ? extism.maxHttpResponseBytes()
						: ExtismSettings.DEFAULT_MAX_HTTP_RESPONSE_BYTES,
				extism.allowPrivateAddresses(), extism.httpResponseHeaders(),
				(extism.maxPages() != null) ? runtime.settingNames().extismMaxPages(definition.name())
						: runtime.settingNames().maxMemory(definition.name()));
		this.setup = setup;
		this.logger = LoggerFactory.getLogger("wasm." + definition.name());
		this.maxAnswerBytes = runtime.maxAnswerBytes(definition);
		this.outOfMemory = runtime.api().outOfMemory(definition.name(), runtime.settingNames().memoryBudget());
		this.instanceCounters = runtime.instanceCounters(definition.name());
		this.fuel = fuelBudget(runtime, definition, this.artifact);
	}

	private static @Nullable FuelBudget fuelBudget(RuntimeServices runtime, WasmModuleDefinition definition,
			CompiledArtifact artifact) {
		long budget = runtime.fuelBudget(definition);
		if (budget <= 0) {
			return null;
		}
		int[] globals = artifact.fuelGlobals();
		if (globals == null) {
			throw new IllegalStateException("WASM module '" + definition.name() + "' has a fuel budget but its "
					+ "compiled code does not meter itself");
		}
		Long instance = definition.instanceFuel();
		return new FuelBudget(budget, globals[0], globals[1], runtime.settingNames().fuel(definition.name()),
				(instance != null) ? instance : 0, runtime.settingNames().instanceFuel(definition.name()));
	}

	/**
	 * Return the same module with its instances started from the given setup.
	 * @param setup the setup, for example a snapshot
	 * @return the module
	 */
	public LoadedModule withSetup(InstanceSetup setup) {
		return new LoadedModule(this.definition, this.digest, this.handle, this.imports, this.memoryBounds,
				this.timeoutNanos, this.maxTableElements, this.runtime, setup);
	}

	public String name() {
		return this.name;
	}

}
