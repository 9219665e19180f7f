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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;

import com.dylibso.chicory.compiler.Cache;
import org.jspecify.annotations.Nullable;

/**
 * A directory of compiled code, one file per module digest, that lets a restarted
 * application skip compilation. Files go under a sub-directory named after the engine's
 * version, because compiled code is only valid for the engine that produced it. A file is
 * written to a temporary name and moved into place, so concurrent writers (threads or
 * processes) never expose a partial file.
 * <p>
 * Each file this directory writes starts with a record of its own: the digest of the
 * module bytes the code was compiled from (after they were parsed and validated) and
 * whether any of the module's functions were left to the interpreter. A file whose record
 * matches the bytes being loaded, and whose functions are all compiled, lets those bytes
 * be loaded without validating them again or decoding their function bodies
 * ({@link #verified(String)}); any other file is only ever used after a full parse.
 * <p>
 * Thread-safe. Whoever can write to the directory can run code in the application: keep
 * it private to it.
 */
public final class CodeDirectory {

	/**
	 * The record this directory writes as the first entry of each file; the engine
	 * ignores it.
	 */
	static final String RECORD = "META-INF/wasm-spring-boot/compiled-from.properties";

	static final String RECORD_DIGEST = "module-sha256";

	static final String RECORD_INTERPRETED = "interpreted-functions";

	/**
	 * The engine's type that compiled code refers to only when some function is left to
	 * the interpreter, by name: naming it by its class would load that class whenever
	 * code is read.
	 */
	static final String INTERPRETER_CLASS = "com.dylibso.chicory.runtime.internal.CompilerInterpreterMachine";

	/** {@link #INTERPRETER_CLASS} as compiled code refers to it. */
	static final byte[] INTERPRETER_REFERENCE = INTERPRETER_CLASS.replace('.', '/').getBytes(StandardCharsets.UTF_8);

	private final Path directory;

	public CodeDirectory(Path directory) {
		this.directory = directory.toAbsolutePath().normalize().resolve("chicory-" + engineVersion());
	}

	/**
	 * The compiler's version from its Maven descriptor; without one, a digest of the
	 * compiler's own class, so that code from another engine build is never loaded. Read
	 * through the compiler's cache interface, which code loaded from a file implements
	 * anyway: the compiler's class itself is not loaded to find out.
	 */
	static String engineVersion() {
		try (InputStream in = Cache.class
			.getResourceAsStream("/META-INF/maven/com.dylibso.chicory/compiler/pom.properties")) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				String version = properties.getProperty("version");
				if (version != null && !version.isBlank()) {
					return version;
				}
			}
		}
		catch (IOException ex) {
			// fall through to the class digest
		}
		try (InputStream in = Cache.class.getResourceAsStream("MachineFactoryCompiler.class")) {
			byte[] bytes = (in != null) ? in.readAllBytes() : new byte[0];
			return "build-" + ContentDigest.sha256(bytes).substring(0, 16);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot identify the compiler to key its code directory", ex);
		}
	}

	public Path directory() {
		return this.directory;
	}

	/**
	 * A view for one compilation, recording whether it was served from the directory.
	 * @param sha256 the SHA-256 digest (hex) of the module bytes being compiled, recorded
	 * in the file written
	 * @return the view
	 */
	public Lookup lookup(String sha256) {
		return new Lookup(sha256);
	}

	/**
	 * Read the code compiled from bytes of the given digest if this directory wrote it
	 * from those very bytes and it runs without the interpreter: then the bytes were
	 * valid when it was written, and an instance running it needs nothing of the module's
	 * function bodies.
	 * @param sha256 the SHA-256 digest (hex) of the bytes being loaded, computed from
	 * them
	 * @return the code, or {@code null} if there is none, it is not this directory's, it
	 * was written for other bytes, it leaves functions to the interpreter, or it cannot
	 * be read
	 */
	public @Nullable VerifiedCode verified(String sha256) {
		String key = ModuleParser.engineKey(sha256);
		if (key == null) {
			return null;
		}
		try {
			byte[] code = Files.readAllBytes(file(key));
			Properties record = record(code);
			if (record != null && sha256.equals(record.getProperty(RECORD_DIGEST))
					&& "false".equals(record.getProperty(RECORD_INTERPRETED))) {
				return new VerifiedCode(key, code);
			}
			return null;
		}
		catch (IOException | RuntimeException ex) {
			// missing or unreadable: the ordinary path decides what to do with it
			return null;
		}
	}

	/**
	 * The file's record, or {@code null} if it has none or is damaged (the engine then
	 * says how).
	 */
	private static @Nullable Properties readableRecord(byte[] code) {
		try {
			return record(code);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	static @Nullable Properties record(byte[] code) throws IOException {
		try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(code))) {
			JarEntry first = in.getNextJarEntry();
			if (first == null || !RECORD.equals(first.getName())) {
				return null;
			}
			Properties record = new Properties();
			record.load(in);
			return record;
		}
	}

	/**
	 * The engine's code file with this directory's record put first: the digest of the
	 * bytes it was compiled from, and whether any class calls into the interpreter.
	 */
	private static byte[] withRecord(byte[] code, String sha256) throws IOException {
		return withRecord(code, sha256, Map.of());
	}

	/**
	 * The engine's code file with a record put first: the digest of the bytes it was
	 * compiled from, whether any class calls into the interpreter, and the given
	 * properties.
	 */
	static byte[] withRecord(byte[] code, String sha256, Map<String, String> more) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		boolean interpreted = false;
		try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(code))) {
			for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
				byte[] content = in.readAllBytes();
				interpreted |= entry.getName().endsWith(".class") && contains(content, INTERPRETER_REFERENCE);
				entries.put(entry.getName(), content);
			}
		}
		Properties record = new Properties();
		record.setProperty(RECORD_DIGEST, sha256);
		record.setProperty(RECORD_INTERPRETED, Boolean.toString(interpreted));
		more.forEach(record::setProperty);
		ByteArrayOutputStream recorded = new ByteArrayOutputStream(code.length + 256);
		try (JarOutputStream out = new JarOutputStream(recorded)) {
			out.putNextEntry(new JarEntry(RECORD));
			record.store(out, null);
			out.closeEntry();
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				out.putNextEntry(new JarEntry(entry.getKey()));
				out.write(entry.getValue());
				out.closeEntry();
			}
		}
		return recorded.toByteArray();
	}

	static boolean contains(byte[] bytes, byte[] part) {
		outer: for (int i = 0; i + part.length <= bytes.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (bytes[i + j] != part[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	/**
	 * Code this directory wrote for the bytes being loaded, read once and handed to the
	 * engine as it was checked: a cache of that one file. Used by the one load it was
	 * read for; holds no resources, so nothing closes it. Made only for code whose record
	 * says that every function is compiled.
	 *
	 * @param key the engine's key of the file
	 * @param code the file's content
	 */
	public record VerifiedCode(String key, byte[] code) implements Cache {

		@Override
		public byte @Nullable [] get(String requested) {
			return this.key.equals(requested) ? this.code : null;
		}

		@Override
		public void putIfAbsent(String requested, byte[] data) {
			// the module was parsed for this code only; compiling it would compile bodies
			// that were never decoded
			throw new IllegalStateException("Compiled code for " + this.key + " was not used for " + requested);
		}

	}

	public Path file(String key) {
		// keys are "ALGORITHM:base64"; made file-name safe without losing uniqueness
		String name = key.replace(':', '-').replace('+', '.').replace('/', '_').replace("=", "");
		return this.directory.resolve(name + ".jar");
	}

	public void delete(String key) {
		try {
			Files.deleteIfExists(file(key));
		}
		catch (IOException ex) {
			// a stale file is replaced on the next write anyway
		}
	}

	public final class Lookup implements Cache {

		private final String sha256;

		private volatile @Nullable String hit;

		private Lookup(String sha256) {
			this.sha256 = sha256;
		}

		@Override
		public byte @Nullable [] get(String key) throws IOException {
			byte[] code;
			try {
				code = Files.readAllBytes(file(key));
			}
			catch (NoSuchFileException ex) {
				return null;
			}
			Properties record = readableRecord(code);
			if (record != null && !this.sha256.equals(record.getProperty(RECORD_DIGEST))) {
				// written by this directory for other bytes: never run it; compile afresh
				// in its place
				delete(key);
				return null;
			}
			this.hit = key;
			return code;
		}

		@Override
		public void putIfAbsent(String key, byte[] data) throws IOException {
			Path target = file(key);
			if (Files.exists(target)) {
				return;
			}
			Files.createDirectories(CodeDirectory.this.directory);
			Path temporary = Files.createTempFile(CodeDirectory.this.directory, ".compiling-", ".tmp");
			try {
				Files.write(temporary, withRecord(data, this.sha256));
				try {
					Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
				}
				catch (AtomicMoveNotSupportedException ex) {
					Files.move(temporary, target);
				}
			}
			catch (FileAlreadyExistsException ex) {
				// another writer won; its file holds the same code
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}

		/**
		 * Returns the key served from the directory, or null if the code was compiled.
		 */
		public @Nullable String hit() {
			return this.hit;
		}

	}

}
