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

package dev.wasmspring.runtime.internal.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.extism.ExtismKernel;
import dev.wasmspring.runtime.internal.fuel.SharedFuelGlobals;
import dev.wasmspring.runtime.internal.limits.CallDeadline;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.memory.MemoryBounds;
import dev.wasmspring.runtime.internal.trace.GuestTrace;
import dev.wasmspring.runtime.internal.wasi.WasiSession;
import org.jspecify.annotations.Nullable;

/**
 * The other modules of an Extism manifest, whose exports the main module imports by the
 * modules' names, linked as Extism links them: a reactor module (one without a
 * {@code _start} export) is instantiated once for each instance of the main module and
 * its {@code _initialize} run; a command module (one exporting {@code _start}) gets a
 * fresh instance for every call into it. They share the main instance's Extism kernel,
 * WASI session, context, deadline and memory account. Immutable; shared by every instance
 * of the main module.
 * <p>
 * When the main module meters itself for fuel, so do the linked modules (their bytes
 * rewritten the same way), and each of their instances counts in the main instance's two
 * fuel globals themselves, the same objects: a call into a linked module spends the
 * budget of the call into the main module, a linked module that runs out sets the main
 * module's flag, and what the call consumed is read from one place, whichever module ran.
 */
public final class LinkedModules {

	private final List<Module> modules;

	// the main module's fuel and flag globals, when it meters itself; -1 otherwise
	private final int fuelGlobal;

	private final int exhaustedGlobal;

	/**
	 * Create the linked modules.
	 * @param modules the modules, in the manifest's order
	 */
	public LinkedModules(List<Module> modules) {
		this(modules, -1, -1);
	}

	private LinkedModules(List<Module> modules, int fuelGlobal, int exhaustedGlobal) {
		this.modules = List.copyOf(modules);
		this.fuelGlobal = fuelGlobal;
		this.exhaustedGlobal = exhaustedGlobal;
	}

	/**
	 * Return the same modules, counting fuel in the main module's globals: each linked
	 * module's instance is given the main instance's fuel and flag globals as its own.
	 * @param fuelGlobal the index of the main module's fuel global
	 * @param exhaustedGlobal the index of the main module's flag global
	 * @return the modules, metered on the main module's budget
	 */
	public LinkedModules sharingFuel(int fuelGlobal, int exhaustedGlobal) {
		return new LinkedModules(this.modules, fuelGlobal, exhaustedGlobal);
	}

	/**
	 * One module another module of its manifest may import from.
	 *
	 * @param name its name in the manifest
	 * @param artifact the compiled module
	 * @param imports its own imports, resolved
	 * @param bounds its memory's bounds, or {@code null} without memory
	 * @param maxTableElements how many table elements an instance may hold
	 */
	public record Module(String name, CompiledArtifact artifact, ImportPlan imports, @Nullable MemoryBounds bounds,
			long maxTableElements) {

		boolean isCommand() {
			return this.artifact.export("_start") != null;
		}

	}

	/**
	 * Return the modules as a failure's guest frames name them.
	 * @return the modules, in the manifest's order
	 */
	public List<GuestTrace.LinkedModule> traced() {
		List<GuestTrace.LinkedModule> traced = new ArrayList<>(this.modules.size());
		for (Module module : this.modules) {
			CompiledArtifact artifact = module.artifact();
			traced.add(new GuestTrace.LinkedModule(module.name(), artifact.module(), artifact.codeName(),
					artifact.symbols()));
		}
		return traced;
	}

	int indexOf(String name) {
		for (int i = 0; i < this.modules.size(); i++) {
			if (this.modules.get(i).name().equals(name)) {
				return i;
			}
		}
		return -1;
	}

	@Nullable FunctionType exportType(int index, String name) {
		CompiledArtifact.ExportedFunction export = this.modules.get(index).artifact().export(name);
		return (export != null) ? CompiledArtifact.toChicoryType(export.type()) : null;
	}

	List<String> exportNames(int index) {
		return List.copyOf(this.modules.get(index).artifact().exports().keySet());
	}

	boolean usesWasi() {
		return this.modules.stream().anyMatch((module) -> module.imports().usesWasi());
	}

	/**
	 * Instantiate the reactor modules for one instance of the main module.
	 */
	Instances open(WasmCallContext context, CallDeadline deadline, @Nullable WasiSession wasi,
			@Nullable ExtismKernel kernel, MemoryBudget.Account account) {
		return new Instances(context, deadline, wasi, kernel, account);
	}

	/** The linked modules' instances of one instance of the main module. */
	final class Instances {

		private final WasmCallContext context;

		private final CallDeadline deadline;

		private final @Nullable WasiSession wasi;

		private final @Nullable ExtismKernel kernel;

		private final MemoryBudget.Account account;

		private final @Nullable Instance[] reactors;

		private final List<Map<String, ExportFunction>> exports = new ArrayList<>();

		Instances(WasmCallContext context, CallDeadline deadline, @Nullable WasiSession wasi,
				@Nullable ExtismKernel kernel, MemoryBudget.Account account) {
			this.context = context;
			this.deadline = deadline;
			this.wasi = wasi;
			this.kernel = kernel;
			this.account = account;
			this.reactors = new Instance[LinkedModules.this.modules.size()];
			for (int i = 0; i < this.reactors.length; i++) {
				this.exports.add(new LinkedHashMap<>());
			}
		}

		/**
		 * Call an export of a linked module.
		 * @param index the module's index
		 * @param export the export's name
		 * @param args raw arguments
		 * @param caller the main module's instance, whose fuel globals a metered module
		 * counts in
		 * @return raw results
		 */
		long[] call(int index, String export, long[] args, Instance caller) {
			Module module = LinkedModules.this.modules.get(index);
			if (module.isCommand()) {
				// a command runs in a fresh instance each time, as Extism's linker runs
				// it
				try (MemoryBudget.Account call = this.account.budget().open()) {
					return instantiate(module, call, caller).export(export).apply(args);
				}
			}
			Instance instance = this.reactors[index];
			if (instance == null) {
				instance = instantiate(module, this.account, caller);
				this.reactors[index] = instance;
				if (module.artifact().export("_initialize") != null) {
					instance.export("_initialize").apply();
				}
			}
			Instance reactor = instance;
			return this.exports.get(index).computeIfAbsent(export, reactor::export).apply(args);
		}

		private Instance instantiate(Module module, MemoryBudget.Account account, Instance caller) {
			CompiledArtifact artifact = module.artifact();
			account.reserve(artifact.instanceOverhead());
			Instance.Builder builder = Instance.builder(artifact.module())
				.withMachineFactory(artifact.machineFactory())
				.withImportValues(module.imports().bind(this.context, this.deadline, this.wasi, this.kernel, account))
				.withMemoryFactory(artifact.memoryFactory(account))
				// the start section runs; the _start export only when it is what is
				// called
				.withStart(false);
			TableFactory tables = artifact.tableFactory(module.maxTableElements(), account);
			if (tables != null) {
				builder.withTableFactory(tables);
			}
			if (module.bounds() != null) {
				builder.withMemoryLimits(module.bounds().toLimits());
			}
			int[] fuel = artifact.fuelGlobals();
			if (fuel != null && LinkedModules.this.fuelGlobal >= 0) {
				// its start function, _initialize and calls spend the running call's fuel
				int imported = artifact.module().importSection().count(ExternalType.GLOBAL);
				builder.withGlobalFactory(
						new SharedFuelGlobals(fuel[0] - imported, caller.global(LinkedModules.this.fuelGlobal),
								caller.global(LinkedModules.this.exhaustedGlobal)));
			}
			return builder.build();
		}

	}

}
