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

import java.io.IOException;
import java.util.function.UnaryOperator;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.internal.trace.CompiledCodeFrames;
import dev.wasmspring.runtime.internal.trace.GuestSymbols;
import dev.wasmspring.runtime.module.WasmEngine;
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
	 * earlier: from the class path where the build put it, or from the code directory
	 * without parsing the function bodies again when the directory wrote that code for
	 * these bytes and all of it is compiled, otherwise after a full parse.
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
		if (engine != WasmEngine.INTERPRETER) {
			CompiledArtifact built = loadWithoutCode(bytes, digest, engine, BuildTimeCode.find(digest, moduleName));
			if (built != null) {
				outcome.reportBuildTime();
				return built;
			}
		}
		if (engine != WasmEngine.INTERPRETER && directory != null) {
			CompiledArtifact loaded = loadWithoutCode(bytes, digest, engine, directory.verified(digest));
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
			return compiled(bytes, digest, engine, module, symbols, directory, outcome);
		}
		catch (RuntimeException | Error ex) {
			throw new WasmModuleLoadException(moduleName, location, WasmModuleLoadException.Reason.UNSUPPORTED,
					"the compiler rejected it (" + ex + "); use the interpreter engine for this module", null);
		}
	}

	/**
	 * The artifact over the module's compiled classes; when no function is left to the
	 * interpreter, over the module parsed again without its function bodies, which
	 * compiled code never reads (they are most of what a parsed module holds).
	 */
	private static CompiledArtifact compiled(byte[] bytes, String digest, WasmEngine engine, WasmModule module,
			GuestSymbols symbols, @Nullable CodeDirectory directory, Outcome outcome) {
		String key = module.digest();
		if (key == null) {
			// the engine keys code by no digest: its own loading, over the full module
			outcome.report(false, true);
			return new CompiledArtifact(digest, engine, module, MachineFactoryCompiler.compile(module), symbols);
		}
		ModuleClasses classes = classes(module, symbols, key, digest, directory, outcome);
		WasmModule kept = classes.interpretsFunctions() ? module : ModuleParser.parseWithoutCode(bytes, key);
		return new CompiledArtifact(digest, engine, kept, classes.machineFactory(), symbols);
	}

	/**
	 * Load the artifact from code compiled for these very bytes (by the build, or written
	 * by the directory), parsing only what an instance of compiled code reads: the bytes
	 * were validated when the code was written, and with every function compiled nothing
	 * reads the function bodies. Code that leaves functions to the interpreter is not
	 * served here, since the interpreter needs the bodies and the hints validation adds
	 * to them.
	 * @return the artifact, or {@code null} to go the full way: no such code, or it
	 * cannot be used (the full way then finds the same file and deals with it as with any
	 * damaged file)
	 */
	private static @Nullable CompiledArtifact loadWithoutCode(byte[] bytes, String digest, WasmEngine engine,
			CodeDirectory.@Nullable VerifiedCode code) {
		if (code == null) {
			return null;
		}
		try {
			WasmModule module = ModuleSections.readOrParse(bytes, code.key());
			// verified code's record says every function is compiled
			return new CompiledArtifact(digest, engine, module,
					ModuleClasses.define(code.code(), digest, false).machineFactory(), symbols(bytes, module));
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

	/**
	 * The module's classes: from the directory's file for these bytes if there is one,
	 * otherwise compiled (and written to the directory).
	 */
	private static ModuleClasses classes(WasmModule module, GuestSymbols symbols, String key, String digest,
			@Nullable CodeDirectory directory, Outcome outcome) {
		CodeDirectory.Lookup lookup = (directory != null) ? directory.lookup(digest) : null;
		if (lookup != null) {
			byte[] stored = stored(lookup, key);
			if (stored != null) {
				try {
					ModuleClasses classes = ModuleClasses.define(stored, digest);
					outcome.report(true, true);
					return classes;
				}
				catch (RuntimeException | LinkageError ex) {
					// a damaged or foreign file: drop it and compile afresh
					directory.delete(key);
					lookup = directory.lookup(digest);
				}
			}
		}
		CodeFile file = new CodeFile(lookup, (code) -> CompiledCodeFrames.addTo(code, module, symbols));
		MachineFactoryCompiler.builder(module).withCache(file).compile();
		outcome.report(false, true);
		return ModuleClasses.define(file.code(), digest);
	}

	private static byte @Nullable [] stored(CodeDirectory.Lookup lookup, String key) {
		try {
			return lookup.get(key);
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Receives the code file the compiler writes, and passes it on to the directory if
	 * there is one; never serves one.
	 */
	private static final class CodeFile implements Cache {

		private final CodeDirectory.@Nullable Lookup directory;

		private final UnaryOperator<byte[]> transform;

		private byte @Nullable [] code;

		CodeFile(CodeDirectory.@Nullable Lookup directory, UnaryOperator<byte[]> transform) {
			this.directory = directory;
			this.transform = transform;
		}

		@Override
		public byte @Nullable [] get(String key) {
			return null;
		}

		@Override
		public void putIfAbsent(String key, byte[] data) throws IOException {
			byte[] code = this.transform.apply(data);
			this.code = code;
			if (this.directory != null) {
				this.directory.putIfAbsent(key, code);
			}
		}

		byte[] code() {
			byte[] code = this.code;
			if (code == null) {
				throw new IllegalStateException("The compiler wrote no code file");
			}
			return code;
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

		/**
		 * Report that the artifact's code was compiled when the application was built
		 * (found on the class path for the same bytes and engine version) and its
		 * function bodies were not decoded.
		 */
		default void reportBuildTime() {
			report(false, false);
		}

	}

}
