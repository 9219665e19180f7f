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

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.wasmspring.runtime.extism.ExtismConfig;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.extism.ExtismSettings;
import dev.wasmspring.runtime.internal.fuel.FuelBudget;
import dev.wasmspring.runtime.internal.host.ImportPlan;
import dev.wasmspring.runtime.internal.instance.InstanceSetup;
import dev.wasmspring.runtime.internal.instance.InstanceTally;
import dev.wasmspring.runtime.internal.memory.MemoryBounds;
import dev.wasmspring.runtime.internal.snapshot.InstanceSnapshot;
import dev.wasmspring.runtime.internal.snapshot.SnapshotInput;
import dev.wasmspring.runtime.wasi.WasiInstanceOptions;
import org.jspecify.annotations.Nullable;

/**
 * A module as one runtime holds it under a name: its compiled artifact, linked imports
 * and effective limits. Immutable; replacing a module creates a new one, and instances
 * keep the one they were created from.
 */
final class LoadedModule {

	final WasmModuleDefinition definition;

	final CompiledModule handle;

	final CompiledArtifact artifact;

	final ImportPlan imports;

	final @Nullable MemoryBounds memoryBounds;

	final long timeoutNanos;

	final long maxTableElements;

	final RuntimeServices runtime;

	final CompiledArtifact.@Nullable ExportedFunction initialize;

	final boolean hasStartFunction;

	final InstanceTally.Counters instanceCounters;

	final ExtismSettings extismSettings;

	/** The largest answer callText and callBytes copy out of an instance. */
	final long maxAnswerBytes;

	/**
	 * The failure calls end with when even reporting a failure finds no memory: made now,
	 * shared.
	 */
	final WasmTrapException outOfMemory;

	/** The fuel each call starts with and where the guest counts it, or null for none. */
	final @Nullable FuelBudget fuel;

	/** How its instances start: from the module's defaults, or from a snapshot. */
	final InstanceSetup setup;

	/**
	 * When it was last asked for, by {@link System#nanoTime()}, while the runtime bounds
	 * its loaded modules; written without synchronisation: an approximate order is enough
	 * to choose what to evict.
	 */
	long lastUsed = System.nanoTime();

	LoadedModule(WasmModuleDefinition definition, CompiledModule handle, ImportPlan imports,
			@Nullable MemoryBounds memoryBounds, long timeoutNanos, long maxTableElements, RuntimeServices runtime) {
		this(definition, handle, imports, memoryBounds, timeoutNanos, maxTableElements, runtime, InstanceSetup.NONE);
	}

	private LoadedModule(WasmModuleDefinition definition, CompiledModule handle, ImportPlan imports,
			@Nullable MemoryBounds memoryBounds, long timeoutNanos, long maxTableElements, RuntimeServices runtime,
			InstanceSetup setup) {
		this.definition = definition;
		this.handle = handle;
		this.artifact = handle.artifact();
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
		this.maxAnswerBytes = runtime.maxAnswerBytes(definition);
		this.outOfMemory = WasmTrapException.outOfMemory(definition.name(), runtime.settingNames().memoryBudget());
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
	LoadedModule withSetup(InstanceSetup setup) {
		return new LoadedModule(this.definition, this.handle, this.imports, this.memoryBounds, this.timeoutNanos,
				this.maxTableElements, this.runtime, setup);
	}

	String name() {
		return this.definition.name();
	}

	WasmInstance newInstance(Map<String, Object> attributes) {
		if (this.runtime.observer() == WasmRuntimeObserver.NONE) {
			return new WasmInstance(this, attributes);
		}
		return observed(() -> new WasmInstance(this, attributes));
	}

	WasmInstance newInstance(Map<String, Object> attributes, WasiInstanceOptions options) {
		if (this.runtime.observer() == WasmRuntimeObserver.NONE) {
			return create(attributes, options);
		}
		return observed(() -> create(attributes, options));
	}

	private WasmInstance create(Map<String, Object> attributes, WasiInstanceOptions options) {
		InstanceSetup setup = setupFor(options);
		WasmInstance instance = new WasmInstance(this, attributes, setup, options);
		String initializer = this.definition.snapshot().initializer();
		if (setup != this.setup && initializer != null) {
			// what the snapshot run did after _initialize, this instance does itself
			try {
				instance.callRaw(initializer);
			}
			catch (RuntimeException ex) {
				instance.close();
				throw ex;
			}
		}
		return instance;
	}

	/**
	 * The module's setup, unless it is a snapshot whose initialisation read an input this
	 * instance is given its own of: the snapshot's memory holds what it read of the
	 * module's (an environment variable, an argument), so such an instance starts without
	 * it and initialises itself, and sees only its own.
	 */
	private InstanceSetup setupFor(WasiInstanceOptions options) {
		if (options.isNone() || !(this.setup instanceof InstanceSnapshot snapshot)) {
			return this.setup;
		}
		Set<SnapshotInput> read = snapshot.inputsRead();
		boolean ownInputRead = (options.environment() != null && read.contains(SnapshotInput.ENVIRONMENT))
				|| (options.arguments() != null && read.contains(SnapshotInput.ARGUMENTS))
				|| (options.scratchDirectory() != null && read.contains(SnapshotInput.DIRECTORIES))
				|| (options.hasStdin() && read.contains(SnapshotInput.STDIN));
		return ownInputRead ? InstanceSetup.NONE : this.setup;
	}

	private WasmInstance observed(Supplier<WasmInstance> creation) {
		WasmRuntimeObserver.Scope scope = this.runtime.observer().instantiationStarted(name());
		WasmInstance instance;
		try {
			instance = creation.get();
		}
		catch (RuntimeException | Error ex) {
			scope.end(ex);
			throw ex;
		}
		scope.end(null);
		return instance;
	}

}
