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

package dev.wasmspring.runtime.internal.instance;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact.ExportedFunction;
import dev.wasmspring.runtime.internal.extism.ExtismKernel;
import dev.wasmspring.runtime.internal.fuel.FuelBudget;
import dev.wasmspring.runtime.internal.host.ImportPlan;
import dev.wasmspring.runtime.internal.limits.CallDeadline;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.memory.CopyOnWriteMemory;
import dev.wasmspring.runtime.internal.memory.LinearMemory;
import dev.wasmspring.runtime.internal.memory.MemoryBounds;
import dev.wasmspring.runtime.internal.memory.PristineMemory;
import dev.wasmspring.runtime.internal.wasi.WasiSession;
import org.jspecify.annotations.Nullable;

/**
 * The engine's instance behind one public instance: built from the compiled artifact with
 * the module's linked imports, it runs initialisers and exports and exposes the memory.
 * It does no guarding of its own: the public instance confines it to one thread, times
 * its calls and translates what it throws. This class and
 * {@link dev.wasmspring.runtime.internal.failure.Failures} are the only places the
 * instance layer meets the engine.
 */
public final class GuestInstance {

	private static final long[] NO_RESULTS = new long[0];

	// null once released
	private @Nullable Instance instance;

	private final ExportFunction[] exports;

	private final WasmModule module;

	private @Nullable LinearMemory memory;

	private final InstanceSetup setup;

	// the fuel the running call started with
	private long fuelStart;

	/**
	 * Build the engine's instance. Nothing of the guest runs yet: initialisers and the
	 * start function run in {@link #initialize()}.
	 * @param artifact the compiled module
	 * @param imports the module's linked imports
	 * @param bounds the memory's effective bounds, or {@code null} without memory
	 * @param context the context handed to host functions
	 * @param deadline the deadline host functions check on return
	 * @param maxTableElements how many elements the instance's tables may hold together
	 * @param wasi the instance's WASI session, or {@code null}
	 * @param setup what the instance gets beyond the module's defaults
	 * @param extism the instance's Extism kernel, or {@code null} if the module is no
	 * Extism plugin
	 * @param account the instance's account, from which everything the instance allocates
	 * is reserved first
	 * @param startFuel the module's fuel budget if its start function must run on it (the
	 * budget is the fuel global's value from the moment it is created), or {@code null}
	 * @throws dev.wasmspring.runtime.internal.limits.MemoryBudget.Exhausted if the
	 * runtime's memory budget cannot hold the instance
	 */
	public GuestInstance(CompiledArtifact artifact, ImportPlan imports, @Nullable MemoryBounds bounds,
			WasmCallContext context, CallDeadline deadline, long maxTableElements, @Nullable WasiSession wasi,
			InstanceSetup setup, @Nullable ExtismKernel extism, MemoryBudget.Account account,
			@Nullable FuelBudget startFuel) {
		this.setup = setup;
		account.reserve(artifact.instanceOverhead());
		// the module's tables as its element segments fill them, shared copy-on-write
		InstanceTemplate template = InstanceTemplate.of(artifact);
		Instance.Builder builder = Instance.builder((template != null) ? template.module() : artifact.module())
			.withMachineFactory(artifact.machineFactory())
			.withImportValues(setup.imports(imports.bind(context, deadline, wasi, extism, account)))
			.withMemoryFactory(artifact.memoryFactory(account))
			.withInitialize(false)
			.withStart(false);
		TableFactory tables = (template != null) ? template.tableFactory(maxTableElements, account)
				: artifact.tableFactory(maxTableElements, account);
		if (tables != null) {
			builder.withTableFactory(tables);
		}
		if (bounds != null) {
			builder.withMemoryLimits(bounds.toLimits());
		}
		if (startFuel != null) {
			int definedIndex = startFuel.fuelGlobal() - artifact.module().importSection().count(ExternalType.GLOBAL);
			this.fuelStart = startFuel.startingWith(0);
			builder.withGlobalFactory(new StartFuel(definedIndex, this.fuelStart));
		}
		setup.configure(builder, account);
		this.exports = new ExportFunction[artifact.exports().size()];
		this.module = artifact.module();
		Instance instance = builder.build();
		if (template != null) {
			template.bind(instance);
		}
		this.instance = instance;
	}

	/**
	 * Run the data, element and table initialisers and the start function.
	 */
	public void initialize() {
		Instance instance = engine();
		instance.initialize(false);
		this.setup.initialized(instance);
	}

	/**
	 * Return whether the instance starts initialised, so the module's {@code _initialize}
	 * must not run.
	 * @return whether initialisation is part of the starting state
	 */
	public boolean startsInitialized() {
		return this.setup.startsInitialized();
	}

	/**
	 * Return the engine's instance, for capturing its state.
	 * @return the engine's instance
	 */
	public Instance engineInstance() {
		return engine();
	}

	/**
	 * Return the engine's machine, for reading a failure's guest call stack.
	 * @return the machine, or {@code null} once the instance was released
	 */
	public @Nullable Machine machine() {
		Instance instance = this.instance;
		return (instance != null) ? instance.getMachine() : null;
	}

	/**
	 * Call an export.
	 * @param export the export
	 * @param args raw arguments
	 * @return raw results, never {@code null}
	 */
	public long[] invoke(ExportedFunction export, long[] args) {
		ExportFunction function = this.exports[export.ordinal()];
		if (function == null) {
			function = engine().export(export.name());
			this.exports[export.ordinal()] = function;
		}
		long[] results = function.apply(args);
		return (results != null) ? results : NO_RESULTS;
	}

	/**
	 * Give the guest its fuel for a call, and clear the flag that says it ran out.
	 * @param fuel the module's budget
	 * @param start the fuel the call starts with
	 */
	public void startFuel(FuelBudget fuel, long start) {
		Instance instance = engine();
		this.fuelStart = start;
		GlobalInstance left = instance.global(fuel.fuelGlobal());
		if (left == null) {
			// not created yet: the start function is about to run, and the global starts
			// at the budget (and the flag at 0)
			return;
		}
		left.setValue(start);
		instance.global(fuel.exhaustedGlobal()).setValue(0);
	}

	/**
	 * Return the fuel the guest consumed since {@link #startFuel(FuelBudget, long)}: more
	 * than it started with if it ran out.
	 * @param fuel the module's budget
	 * @return the fuel consumed, or -1 if the instance was released
	 */
	public long fuelConsumed(FuelBudget fuel) {
		Instance instance = this.instance;
		if (instance == null) {
			return -1;
		}
		GlobalInstance left = instance.global(fuel.fuelGlobal());
		return (left != null) ? this.fuelStart - left.getValue() : 0;
	}

	/**
	 * Return whether the guest stopped itself for want of fuel, rather than trapped of
	 * its own.
	 * @param fuel the module's budget
	 * @return whether its fuel check stopped it
	 */
	public boolean fuelExhausted(FuelBudget fuel) {
		Instance instance = this.instance;
		GlobalInstance flag = (instance != null) ? instance.global(fuel.exhaustedGlobal()) : null;
		return flag != null && flag.getValue() != 0;
	}

	/**
	 * Read an exported global.
	 * @param name the export name
	 * @return its type and raw value ({@code i32} in the low 32 bits, floats as IEEE
	 * bits), or {@code null} if the module exports no global of that name
	 */
	public @Nullable GlobalValue global(String name) {
		ExportSection exports = this.module.exportSection();
		for (int i = 0; i < exports.exportCount(); i++) {
			Export export = exports.getExport(i);
			if (export.exportType() == ExternalType.GLOBAL && export.name().equals(name)) {
				GlobalInstance global = this.instance.exports().global(name);
				return new GlobalValue(CompiledArtifact.toWasmType(global.getType()), global.getValue(),
						global.getMutabilityType() == MutabilityType.Var);
			}
		}
		return null;
	}

	/**
	 * The value of an exported global.
	 *
	 * @param type its type
	 * @param raw its raw value
	 * @param mutable whether the guest may change it
	 */
	public record GlobalValue(WasmValueType type, long raw, boolean mutable) {
	}

	/**
	 * Return the instance's first memory.
	 * @return the memory, or {@code null} if the module has none
	 */
	public @Nullable LinearMemory memory() {
		LinearMemory memory = this.memory;
		if (memory == null) {
			Memory engineMemory;
			try {
				engineMemory = engine().memory();
			}
			catch (RuntimeException ex) {
				engineMemory = null;
			}
			if (engineMemory == null) {
				return null;
			}
			memory = new LinearMemory(engineMemory);
			this.memory = memory;
		}
		return memory;
	}

	/**
	 * Count bytes the instance holds outside its memory (an Extism plugin's blocks)
	 * against its memory's maximum whenever the memory grows.
	 * @param sharedBytes the bytes held outside, now
	 */
	public void shareMemoryLimitWith(java.util.function.LongSupplier sharedBytes) {
		Instance instance = this.instance;
		Memory engineMemory;
		try {
			engineMemory = (instance != null) ? instance.memory() : null;
		}
		catch (RuntimeException ex) {
			return;
		}
		if (engineMemory instanceof CopyOnWriteMemory copyOnWrite) {
			copyOnWrite.shareLimitWith(sharedBytes);
		}
		else if (engineMemory instanceof PristineMemory pristine) {
			pristine.shareLimitWith(sharedBytes);
		}
	}

	/**
	 * Return how many times the instance's memory refused to grow (at its limit, or for
	 * the runtime's budget), so that a trap that follows can say why the guest may have
	 * given up.
	 * @return the count, 0 without memory
	 */
	public int refusedGrows() {
		Instance instance = this.instance;
		if (instance == null) {
			return 0;
		}
		Memory memory;
		try {
			memory = instance.memory();
		}
		catch (RuntimeException ex) {
			return 0;
		}
		if (memory instanceof CopyOnWriteMemory copyOnWrite) {
			return copyOnWrite.refusedGrows();
		}
		return (memory instanceof PristineMemory pristine) ? pristine.refusedGrows() : 0;
	}

	/**
	 * Let go of the engine's instance, its memory and tables, so that the heap they hold
	 * can be reclaimed at once (after the JVM ran out of memory, before anything else is
	 * allocated). The instance cannot be used afterwards.
	 */
	public void release() {
		this.instance = null;
		this.memory = null;
		java.util.Arrays.fill(this.exports, null);
	}

	private Instance engine() {
		Instance instance = this.instance;
		if (instance == null) {
			throw new IllegalStateException("The instance was released after the JVM ran out of memory");
		}
		return instance;
	}

	/**
	 * Creates the module's globals as the engine would, but the fuel global with the
	 * budget as its value, so that the start function, which runs right after the globals
	 * are created, runs on the budget. The engine creates the module's globals in index
	 * order.
	 */
	private static final class StartFuel implements GlobalFactory {

		private final int fuelIndex;

		private final long budget;

		private int created;

		StartFuel(int fuelIndex, long budget) {
			this.fuelIndex = fuelIndex;
			this.budget = budget;
		}

		@Override
		public GlobalInstance create(long low, long high, ValType type, MutabilityType mutability) {
			boolean fuel = this.created++ == this.fuelIndex;
			return new GlobalInstance(fuel ? this.budget : low, high, type, mutability);
		}

	}

}
