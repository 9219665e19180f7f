package dev.wasmspring.runtime.internal.instance;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import org.jspecify.annotations.Nullable;

import dev.wasmspring.runtime.WasmCallContext;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact.ExportedFunction;
import dev.wasmspring.runtime.internal.host.ImportPlan;
import dev.wasmspring.runtime.internal.memory.LinearMemory;
import dev.wasmspring.runtime.internal.memory.MemoryBounds;
import dev.wasmspring.runtime.internal.wasi.WasiSession;

/**
 * The engine's instance behind one public instance: built from the compiled artifact with the module's linked
 * imports, it runs initialisers and exports and exposes the memory. It does no guarding of its own: the public
 * instance confines it to one thread, times its calls and translates what it throws. This class and
 * {@link Failures} are the only places the instance layer meets the engine.
 */
public final class GuestInstance {

	private static final long[] NO_RESULTS = new long[0];

	private final Instance instance;

	private final ExportFunction[] exports;

	private @Nullable LinearMemory memory;

	private @Nullable ExportFunction allocator;

	/**
	 * Build the engine's instance. Nothing of the guest runs yet: initialisers and the start function run in
	 * {@link #initialize()}.
	 * @param artifact the compiled module
	 * @param imports the module's linked imports
	 * @param bounds the memory's effective bounds, or {@code null} without memory
	 * @param context the context handed to host functions
	 * @param wasi the instance's WASI session, or {@code null}
	 */
	public GuestInstance(CompiledArtifact artifact, ImportPlan imports, @Nullable MemoryBounds bounds,
			WasmCallContext context, @Nullable WasiSession wasi) {
		Instance.Builder builder = Instance.builder(artifact.module())
			.withMachineFactory(artifact.machineFactory())
			.withImportValues(imports.bind(context, wasi))
			.withMemoryFactory(artifact.memoryFactory())
			.withInitialize(false)
			.withStart(false);
		if (artifact.tableFactory() != null) {
			builder.withTableFactory(artifact.tableFactory());
		}
		if (bounds != null) {
			builder.withMemoryLimits(bounds.toLimits());
		}
		this.exports = new ExportFunction[artifact.exports().size()];
		this.instance = builder.build();
	}

	/**
	 * Run the data, element and table initialisers and the start function.
	 */
	public void initialize() {
		this.instance.initialize(false);
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
			function = this.instance.export(export.name());
			this.exports[export.ordinal()] = function;
		}
		long[] results = function.apply(args);
		return (results != null) ? results : NO_RESULTS;
	}

	/**
	 * Call the guest's allocator export by name.
	 * @param exportName the allocator's export name
	 * @param size how many bytes to reserve
	 * @return the address the guest returned
	 * @throws java.util.NoSuchElementException if the module has no such export
	 */
	public int allocate(String exportName, int size) {
		ExportFunction allocator = this.allocator;
		if (allocator == null) {
			try {
				allocator = this.instance.export(exportName);
			}
			catch (RuntimeException ex) {
				throw new java.util.NoSuchElementException(exportName);
			}
			this.allocator = allocator;
		}
		return (int) allocator.apply(size)[0];
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
				engineMemory = this.instance.memory();
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

}
