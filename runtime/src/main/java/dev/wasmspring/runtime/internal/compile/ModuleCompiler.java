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

package dev.wasmspring.runtime.internal.compile;

import java.util.function.Function;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.wasmspring.runtime.WasmEngine;
import dev.wasmspring.runtime.WasmModuleLoadException;
import dev.wasmspring.runtime.internal.trace.GuestSymbols;
import org.jspecify.annotations.Nullable;

/**
 * Turns a module's bytes into a {@link CompiledArtifact} for one engine: the only place
 * the runtime calls the engine's parser and compiler. Stateless.
 */
public final class ModuleCompiler {

	private ModuleCompiler() {
	}

	/**
	 * Parse, validate and compile a module's bytes, or load the code compiled from them
	 * earlier: from the code directory without parsing the function bodies again when the
	 * directory wrote that code for these bytes and all of it is compiled, otherwise
	 * after a full parse.
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
		// the interpreter engine always parses in full: it runs the function bodies, and
		// relies on the type
		// hints validation adds to them (of drop, select and reference instructions)
		if (engine != WasmEngine.INTERPRETER && directory != null) {
			CompiledArtifact loaded = loadWithoutCode(bytes, digest, engine, directory);
			if (loaded != null) {
				outcome.report(true, false);
				return loaded;
			}
		}
		WasmModule module = ModuleParser.parse(bytes, moduleName, location);
		GuestSymbols symbols = symbols(bytes, module);
		if (engine == WasmEngine.INTERPRETER) {
			outcome.report(false, true);
			return CompiledArtifact.interpreted(digest, module, symbols);
		}
		try {
			return new CompiledArtifact(digest, engine, module, machineFactory(module, digest, directory, outcome),
					symbols);
		}
		catch (RuntimeException | Error ex) {
			throw new WasmModuleLoadException(moduleName, location, WasmModuleLoadException.Reason.UNSUPPORTED,
					"the compiler rejected it (" + ex + "); use the interpreter engine for this module", null);
		}
	}

	/**
	 * Load the artifact from code the directory wrote for these very bytes, parsing only
	 * what an instance of compiled code reads: the bytes were validated when the code was
	 * written, and with every function compiled nothing reads the function bodies. Code
	 * that leaves functions to the interpreter is not served here, since the interpreter
	 * needs the bodies and the hints validation adds to them.
	 * @return the artifact, or {@code null} to go the full way: no such code, or it
	 * cannot be used (the full way then finds the same file and deals with it as with any
	 * damaged file)
	 */
	private static @Nullable CompiledArtifact loadWithoutCode(byte[] bytes, String digest, WasmEngine engine,
			CodeDirectory directory) {
		CodeDirectory.VerifiedCode code = directory.verified(digest);
		if (code == null) {
			return null;
		}
		try {
			WasmModule module = ModuleParser.parseWithoutCode(bytes, code.key());
			return new CompiledArtifact(digest, engine, module,
					MachineFactoryCompiler.builder(module).withCache(code).compile(), symbols(bytes, module));
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
	}

	/**
	 * Read the module's function names and line table for stack traces: once per
	 * artifact, shared by every instance.
	 */
	private static GuestSymbols symbols(byte[] bytes, WasmModule module) {
		return GuestSymbols.read(bytes, module.importSection().count(ExternalType.FUNCTION));
	}

	private static Function<Instance, Machine> machineFactory(WasmModule module, String digest,
			@Nullable CodeDirectory directory, Outcome outcome) {
		if (directory == null || module.digest() == null) {
			outcome.report(false, true);
			return MachineFactoryCompiler.compile(module);
		}
		CodeDirectory.Lookup lookup = directory.lookup(digest);
		try {
			Function<Instance, Machine> factory = MachineFactoryCompiler.builder(module).withCache(lookup).compile();
			outcome.report(lookup.hit() != null, true);
			return factory;
		}
		catch (RuntimeException | LinkageError ex) {
			if (lookup.hit() == null) {
				throw ex;
			}
			// a damaged or foreign file: drop it and compile afresh
			directory.delete(lookup.hit());
			outcome.report(false, true);
			return MachineFactoryCompiler.builder(module).withCache(directory.lookup(digest)).compile();
		}
	}

	/** Told, once per artifact, how it was made. */
	@FunctionalInterface
	public interface Outcome {

		/**
		 * Report how the artifact was made.
		 * @param loadedFromDirectory whether its code was loaded from the code directory
		 * rather than compiled
		 * @param parsedFully whether the module was validated and its function bodies
		 * decoded; {@code false} only for code the directory wrote for the same bytes,
		 * with every function compiled
		 */
		void report(boolean loadedFromDirectory, boolean parsedFully);

	}

}
