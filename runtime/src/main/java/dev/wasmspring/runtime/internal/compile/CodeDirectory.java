package dev.wasmspring.runtime.internal.compile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import org.jspecify.annotations.Nullable;
import dev.wasmspring.runtime.CompilationCache;

/**
 * A directory of compiled code, one file per module digest, that lets a restarted application skip
 * compilation. Files go under a sub-directory named after the engine's version, because compiled code is only
 * valid for the engine that produced it. A file is written to a temporary name and moved into place, so
 * concurrent writers (threads or processes) never expose a partial file.
 * <p>
 * Thread-safe. Whoever can write to the directory can run code in the application: keep it private to it.
 */
public final class CodeDirectory {

	private final Path directory;

	public CodeDirectory(Path directory) {
		this.directory = directory.toAbsolutePath().normalize().resolve("chicory-" + engineVersion());
	}

	/**
	 * The compiler's version from its Maven descriptor; without one, a digest of the compiler's own class, so
	 * that code from another engine build is never loaded.
	 */
	private static String engineVersion() {
		try (InputStream in = MachineFactoryCompiler.class
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
		try (InputStream in = MachineFactoryCompiler.class.getResourceAsStream("MachineFactoryCompiler.class")) {
			byte[] bytes = (in != null) ? in.readAllBytes() : new byte[0];
			return "build-" + CompilationCache.sha256(bytes).substring(0, 16);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot identify the compiler to key its code directory", ex);
		}
	}

	public Path directory() {
		return this.directory;
	}

	/** A view for one compilation, recording whether it was served from the directory. */
	public Lookup lookup() {
		return new Lookup();
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

		private volatile @Nullable String hit;

		@Override
		public byte @Nullable [] get(String key) throws IOException {
			try {
				byte[] code = Files.readAllBytes(file(key));
				this.hit = key;
				return code;
			}
			catch (NoSuchFileException ex) {
				return null;
			}
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
				Files.write(temporary, data);
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

		/** Returns the key served from the directory, or null if the code was compiled. */
		public @Nullable String hit() {
			return this.hit;
		}

	}

}
