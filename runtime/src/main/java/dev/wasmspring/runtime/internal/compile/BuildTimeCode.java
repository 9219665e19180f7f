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
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import java.util.Properties;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasmspring.runtime.internal.fuel.FuelInstrumenter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Code compiled when the application was built: one file per module digest on the class
 * path, under {@value #LOCATION}, in the format of the {@link CodeDirectory code
 * directory} with the engine's version added to its record. The build writes the files
 * ({@link #compile(byte[], String)}); the runtime finds them before it compiles
 * ({@link #find(String, String)}) and uses one only if it was compiled from the very
 * bytes being loaded, by the same engine version, with every function compiled; otherwise
 * it compiles and logs why.
 * <p>
 * Stateless and thread-safe. The class path is the application's own: what is on it is
 * trusted as its classes are.
 */
public final class BuildTimeCode {

	/** Where on the class path the files live. */
	public static final String LOCATION = "META-INF/wasm-spring-boot/compiled/";

	/** The record's property naming the engine version that compiled the code. */
	static final String RECORD_ENGINE = "engine-version";

	private static final Logger logger = LoggerFactory.getLogger(BuildTimeCode.class);

	private BuildTimeCode() {
	}

	/**
	 * Return the class path resource holding the code compiled from bytes of the given
	 * digest.
	 * @param sha256 the SHA-256 digest (hex) of the module bytes
	 * @return the resource name
	 */
	public static String resourceName(String sha256) {
		return LOCATION + sha256 + ".jar";
	}

	/**
	 * Return the version of the engine that compiles code here, which code compiled at
	 * build time must have been compiled by.
	 * @return the version
	 */
	public static String engineVersion() {
		return EngineVersion.VALUE;
	}

	/** The engine's version, read once, when first asked for. */
	private static final class EngineVersion {

		static final String VALUE = CodeDirectory.engineVersion();

	}

	/**
	 * Return the SHA-256 digest (hex) of bytes.
	 * @param bytes the bytes
	 * @return the digest
	 */
	public static String digest(byte[] bytes) {
		return ContentDigest.sha256(bytes);
	}

	/**
	 * Parse, validate and compile a module's bytes as the runtime would, and return the
	 * code file to put on the class path under {@link #resourceName(String)} of their
	 * digest.
	 * @param bytes the module bytes, exactly as the runtime will compile them (rewritten
	 * for fuel if the module runs with fuel: see {@link #metered(byte[])})
	 * @param name the module's name or file, for messages
	 * @return the code file
	 * @throws dev.wasmspring.runtime.exception.WasmModuleLoadException if the bytes are
	 * no module the engine can run
	 * @throws IllegalStateException if the engine compiled nothing or keys its code by no
	 * digest
	 */
	public static byte[] compile(byte[] bytes, String name) {
		WasmModule module = ModuleParser.parse(bytes, name, name);
		if (module.digest() == null) {
			throw new IllegalStateException("The engine keys compiled code by no digest (system property "
					+ "com.dylibso.chicory.wasm.Parser.DIGEST_ALGORITHM); code cannot be compiled at build time");
		}
		byte[][] written = new byte[1][];
		Cache capture = new Cache() {

			@Override
			public byte @Nullable [] get(String key) {
				return null;
			}

			@Override
			public void putIfAbsent(String key, byte[] data) {
				written[0] = data;
			}

		};
		MachineFactoryCompiler.builder(module).withCache(capture).compile();
		if (written[0] == null) {
			throw new IllegalStateException("The compiler wrote no code for " + name);
		}
		try {
			return CodeDirectory.withRecord(written[0], digest(bytes), Map.of(RECORD_ENGINE, engineVersion()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot record the code compiled for " + name, ex);
		}
	}

	/**
	 * Return a module's bytes rewritten to meter fuel, as the runtime compiles a module
	 * that runs with a fuel budget.
	 * @param bytes the module bytes
	 * @return the rewritten bytes
	 * @throws IllegalArgumentException if the rewrite does not support the module
	 */
	public static byte[] metered(byte[] bytes) {
		try {
			return FuelInstrumenter.instrument(bytes).bytes();
		}
		catch (FuelInstrumenter.UnsupportedModuleException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
	}

	/**
	 * Return whether a code file written by {@link #compile(byte[], String)} was compiled
	 * by this engine version.
	 * @param code the file's content
	 * @return whether it was
	 */
	public static boolean isCompiledByThisEngine(byte[] code) {
		try {
			Properties record = CodeDirectory.record(code);
			return record != null && engineVersion().equals(record.getProperty(RECORD_ENGINE));
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Return whether a code file written by {@link #compile(byte[], String)} leaves some
	 * functions to the interpreter (too large for one JVM method), so that the runtime
	 * compiles the module at run time instead of using the file.
	 * @param code the file's content
	 * @return whether it does (also when the file has no readable record)
	 */
	public static boolean leavesFunctionsToTheInterpreter(byte[] code) {
		try {
			Properties record = CodeDirectory.record(code);
			return record == null || !"false".equals(record.getProperty(CodeDirectory.RECORD_INTERPRETED));
		}
		catch (IOException | RuntimeException ex) {
			return true;
		}
	}

	/**
	 * Find the code compiled at build time for bytes of the given digest.
	 * @param sha256 the SHA-256 digest (hex) computed from the bytes being loaded
	 * @param moduleName the module's name for the log, or {@code null}
	 * @return the code, ready for the engine, or {@code null} if there is none or it
	 * cannot be used (then logged, with the reason)
	 */
	static CodeDirectory.@Nullable VerifiedCode find(String sha256, @Nullable String moduleName) {
		URL resource = resource(resourceName(sha256));
		if (resource == null) {
			return null;
		}
		String module = (moduleName != null) ? "'" + moduleName + "'" : "sha256 " + sha256;
		byte[] code;
		Properties record;
		try (InputStream in = resource.openStream()) {
			code = in.readAllBytes();
			record = CodeDirectory.record(code);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Code compiled at build time for WASM module {} cannot be read ({}): compiling it", module, ex);
			return null;
		}
		String reason = unusable(record, sha256);
		String key = ModuleParser.engineKey(sha256);
		if (reason == null && key == null) {
			reason = "the engine is set to key compiled code by another digest";
		}
		if (reason != null || key == null) {
			logger.warn("Code compiled at build time for WASM module {} ({}) is not used: {}; compiling it", module,
					resource, reason);
			return null;
		}
		return new CodeDirectory.VerifiedCode(key, code);
	}

	private static @Nullable String unusable(@Nullable Properties record, String sha256) {
		if (record == null) {
			return "it has no record of what it was compiled from";
		}
		String digest = record.getProperty(CodeDirectory.RECORD_DIGEST);
		if (!sha256.equals(digest)) {
			return "it was compiled from other bytes (sha256 " + digest + "); rebuild the application";
		}
		String engine = record.getProperty(RECORD_ENGINE);
		if (!engineVersion().equals(engine)) {
			return "it was compiled by engine version " + engine + ", this is " + engineVersion()
					+ "; rebuild the application with the engine it runs with";
		}
		if (!"false".equals(record.getProperty(CodeDirectory.RECORD_INTERPRETED))) {
			return "it leaves functions to the interpreter, which needs them parsed at run time";
		}
		return null;
	}

	private static @Nullable URL resource(String name) {
		ClassLoader context = Thread.currentThread().getContextClassLoader();
		URL found = (context != null) ? context.getResource(name) : null;
		if (found == null) {
			ClassLoader own = BuildTimeCode.class.getClassLoader();
			found = (own != null) ? own.getResource(name) : ClassLoader.getSystemResource(name);
		}
		return found;
	}

}
