package dev.wasmspring.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a module's bytes come from, and a description of that location for error messages. Immutable; the
 * bytes are read each time {@link #read()} is called, so a source can be read again to reload a module.
 */
public final class ModuleSource {

	/**
	 * Supplies the bytes of a module.
	 */
	@FunctionalInterface
	public interface ByteSupplier {

		/**
		 * Read the bytes.
		 * @return the bytes
		 * @throws IOException if they cannot be read
		 */
		byte[] get() throws IOException;

	}

	private final String location;

	private final ByteSupplier supplier;

	private ModuleSource(String location, ByteSupplier supplier) {
		this.location = Objects.requireNonNull(location, "location");
		this.supplier = Objects.requireNonNull(supplier, "supplier");
	}

	/**
	 * Create a source for bytes already in memory.
	 * @param location a description of where they came from
	 * @param bytes the bytes (copied)
	 * @return the source
	 */
	public static ModuleSource of(String location, byte[] bytes) {
		byte[] copy = bytes.clone();
		return new ModuleSource(location, copy::clone);
	}

	/**
	 * Create a source that reads a file.
	 * @param path the file
	 * @return the source
	 */
	public static ModuleSource of(Path path) {
		return new ModuleSource(path.toString(), () -> Files.readAllBytes(path));
	}

	/**
	 * Create a source that reads from a supplier each time it is read.
	 * @param location a description of the location
	 * @param supplier the supplier
	 * @return the source
	 */
	public static ModuleSource of(String location, ByteSupplier supplier) {
		return new ModuleSource(location, supplier);
	}

	/**
	 * Create a source that opens a stream each time it is read.
	 * @param location a description of the location
	 * @param opener opens the stream
	 * @return the source
	 */
	public static ModuleSource ofStream(String location, StreamOpener opener) {
		return new ModuleSource(location, () -> {
			try (InputStream in = opener.open()) {
				return in.readAllBytes();
			}
		});
	}

	/**
	 * Opens a stream of a module's bytes.
	 */
	@FunctionalInterface
	public interface StreamOpener {

		/**
		 * Open the stream.
		 * @return the stream
		 * @throws IOException if it cannot be opened
		 */
		InputStream open() throws IOException;

	}

	/**
	 * Return the description of the location.
	 * @return the location
	 */
	public String location() {
		return this.location;
	}

	/**
	 * Read the bytes.
	 * @return the bytes
	 * @throws IOException if they cannot be read
	 */
	public byte[] read() throws IOException {
		return this.supplier.get();
	}

	@Override
	public String toString() {
		return this.location;
	}

}
