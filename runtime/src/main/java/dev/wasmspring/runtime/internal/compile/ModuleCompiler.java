package dev.wasmspring.runtime.internal.compile;

import java.util.function.Function;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import org.jspecify.annotations.Nullable;

import dev.wasmspring.runtime.WasmEngine;
import dev.wasmspring.runtime.WasmModuleLoadException;

/**
 * Turns a module's bytes into a {@link CompiledArtifact} for one engine: the only place the runtime calls the
 * engine's parser and compiler. Stateless.
 */
public final class ModuleCompiler {

	private ModuleCompiler() {
	}

	/**
	 * Parse, validate and compile a module's bytes.
	 * @param bytes the bytes
	 * @param digest their SHA-256 digest
	 * @param engine the engine to compile for
	 * @param moduleName the name for messages, or {@code null}
	 * @param location the location for messages
	 * @param directory where compiled code is kept across restarts, or {@code null}
	 * @param outcome told whether the code was compiled or loaded from the directory
	 * @return the artifact
	 * @throws WasmModuleLoadException if the bytes are not a module the engine can run
	 */
	public static CompiledArtifact compile(byte[] bytes, String digest, WasmEngine engine, @Nullable String moduleName,
			String location, @Nullable CodeDirectory directory, Outcome outcome) {
		WasmModule module = ModuleParser.parse(bytes, moduleName, location);
		if (engine == WasmEngine.INTERPRETER) {
			outcome.report(false);
			return CompiledArtifact.interpreted(digest, module);
		}
		try {
			return new CompiledArtifact(digest, engine, module, machineFactory(module, directory, outcome));
		}
		catch (RuntimeException | Error ex) {
			throw new WasmModuleLoadException(moduleName, location, WasmModuleLoadException.Reason.UNSUPPORTED,
					"the compiler rejected it (" + ex + "); use the interpreter engine for this module", null);
		}
	}

	private static Function<Instance, Machine> machineFactory(WasmModule module, @Nullable CodeDirectory directory,
			Outcome outcome) {
		if (directory == null || module.digest() == null) {
			outcome.report(false);
			return MachineFactoryCompiler.compile(module);
		}
		CodeDirectory.Lookup lookup = directory.lookup();
		try {
			Function<Instance, Machine> factory = MachineFactoryCompiler.builder(module).withCache(lookup).compile();
			outcome.report(lookup.hit() != null);
			return factory;
		}
		catch (RuntimeException | LinkageError ex) {
			if (lookup.hit() == null) {
				throw ex;
			}
			// a damaged or foreign file: drop it and compile afresh
			directory.delete(lookup.hit());
			outcome.report(false);
			return MachineFactoryCompiler.builder(module).withCache(directory.lookup()).compile();
		}
	}

	/** Told, once per artifact, whether its code was compiled or loaded from the code directory. */
	@FunctionalInterface
	public interface Outcome {

		void report(boolean loadedFromDirectory);

	}

}
