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

package dev.wasmspring.runtime.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import dev.wasmspring.runtime.internal.net.BoundedRead;
import dev.wasmspring.runtime.internal.net.Redaction;
import org.jspecify.annotations.Nullable;

/**
 * Where a module's bytes come from, and a description of that location for error
 * messages. Immutable; the bytes are read each time {@link #read(long)} is called, so a
 * source can be read again to reload a module. Reading stops at the size limit it is
 * given, plus one byte: a source larger than the limit (an endless stream included) fails
 * with {@link SizeExceededException} without holding more. The description never shows a
 * password: user-info in a URL is {@linkplain #redact(String) redacted}.
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

	/** Reads a source, stopping after {@code limit + 1} bytes. */
	@FunctionalInterface
	private interface BoundedReader {

		byte[] read(long limit) throws IOException;

	}

	/**
	 * Finds a location given relative to a source, for example a module named by an
	 * Extism manifest.
	 */
	@FunctionalInterface
	public interface Resolver {

		/**
		 * Return the source of a location relative to this one, or of an absolute file
		 * path (which names that file).
		 * @param relative the relative location, or an absolute file path
		 * @return its source
		 * @throws IOException if it cannot be resolved
		 */
		ModuleSource resolve(String relative) throws IOException;

	}

	private final String location;

	private final BoundedReader reader;

	private final @Nullable Resolver resolver;

	private final @Nullable Duration locationTimeout;

	private ModuleSource(String location, BoundedReader reader) {
		this(location, reader, null, null);
	}

	private ModuleSource(String location, BoundedReader reader, @Nullable Resolver resolver,
			@Nullable Duration locationTimeout) {
		this.location = redact(Objects.requireNonNull(location, "location"));
		this.reader = Objects.requireNonNull(reader, "reader");
		this.resolver = resolver;
		this.locationTimeout = locationTimeout;
	}

	/**
	 * Return how long downloading a module this source names by URL (an Extism manifest's
	 * {@code url}) may take: the timeout of an {@code http:}/{@code https:} source
	 * itself, or the one given with {@link #withLocationTimeout(Duration)}.
	 * @return the timeout, or {@code null} for the runtime's default of 30 seconds
	 */
	public @Nullable Duration locationTimeout() {
		return this.locationTimeout;
	}

	/**
	 * Return the same source, downloading the modules it names by URL (an Extism
	 * manifest's {@code url} entries) within the given time, with a deadline on every
	 * read as {@link #ofUrl(String, Map, Duration)} has.
	 * @param timeout how long one download may take
	 * @return a copy
	 */
	public ModuleSource withLocationTimeout(Duration timeout) {
		return new ModuleSource(this.location, this.reader, this.resolver, Objects.requireNonNull(timeout, "timeout"));
	}

	/**
	 * Return the source of a location relative to this one (an Extism manifest's
	 * {@code path}): beside a file, against a URL, or as the source's resolver says. An
	 * absolute file path is that file: given to the resolver if this source has one
	 * (which may note it, for example to watch it), otherwise read as it is.
	 * @param relative the relative location, or an absolute file path
	 * @return its source
	 * @throws IOException if this source cannot resolve relative locations
	 */
	public ModuleSource resolve(String relative) throws IOException {
		if (this.resolver == null && java.nio.file.Path.of(relative).isAbsolute()) {
			return of(java.nio.file.Path.of(relative));
		}
		if (this.resolver == null) {
			throw new IOException("the location " + this.location + " cannot resolve the relative path '" + relative
					+ "'; give an absolute path or URL");
		}
		return this.resolver.resolve(relative);
	}

	/**
	 * Return the same source, resolving relative locations with the given resolver.
	 * @param resolver the resolver
	 * @return a copy
	 */
	public ModuleSource withResolver(Resolver resolver) {
		return new ModuleSource(this.location, this.reader, resolver, this.locationTimeout);
	}

	/**
	 * Create a source for bytes already in memory.
	 * @param location a description of where they came from
	 * @param bytes the bytes (copied)
	 * @return the source
	 */
	public static ModuleSource of(String location, byte[] bytes) {
		byte[] copy = bytes.clone();
		return new ModuleSource(location, (limit) -> checked(location, copy.length, limit, copy).clone());
	}

	/**
	 * Create a source that reads a file.
	 * @param path the file
	 * @return the source
	 */
	public static ModuleSource of(Path path) {
		return new ModuleSource(path.toString(), (limit) -> {
			try (InputStream in = Files.newInputStream(path)) {
				return bounded(path.toString(), in, limit);
			}
		}, (relative) -> of(path.resolveSibling(relative)), null);
	}

	/**
	 * Create a source that reads from a supplier each time it is read. The supplier reads
	 * the whole source before its size is checked; prefer {@link #ofStream} for sources
	 * that may be large.
	 * @param location a description of the location
	 * @param supplier the supplier
	 * @return the source
	 */
	public static ModuleSource of(String location, ByteSupplier supplier) {
		return new ModuleSource(location, (limit) -> {
			byte[] bytes = supplier.get();
			return checked(location, bytes.length, limit, bytes);
		});
	}

	/**
	 * Create a source that opens a stream each time it is read; reading stops after the
	 * size limit plus one byte.
	 * @param location a description of the location
	 * @param opener opens the stream
	 * @return the source
	 */
	public static ModuleSource ofStream(String location, StreamOpener opener) {
		return new ModuleSource(location, (limit) -> {
			try (InputStream in = opener.open()) {
				return bounded(location, in, limit);
			}
		});
	}

	/**
	 * Create a source that downloads an {@code http:} or {@code https:} URL each time it
	 * is read (see {@link ModuleDownload}): the download ends within the timeout on any
	 * JDK, and a status other than 200 fails the read.
	 * @param url the URL; user-info in it is sent as Basic authentication and redacted
	 * wherever it is shown
	 * @param headers headers sent with the request (for example {@code Authorization})
	 * @param timeout how long one download may take
	 * @return the source
	 */
	public static ModuleSource ofUrl(String url, Map<String, String> headers, Duration timeout) {
		Map<String, String> copy = Map.copyOf(headers);
		return new ModuleSource(url, (limit) -> {
			ModuleDownload download = ModuleDownload.get(url, copy, timeout, limit);
			if (download.status() != 200) {
				throw new IOException(redact(url) + " answered HTTP " + download.status() + " instead of 200");
			}
			return download.bytes();
		}, (relative) -> {
			java.net.URI base = java.net.URI.create(url);
			java.net.URI resolved = base.resolve(relative);
			// the headers (credentials, often) go only where the base's went
			boolean sameOrigin = Objects.equals(base.getScheme(), resolved.getScheme())
					&& Objects.equals(base.getRawAuthority(), resolved.getRawAuthority());
			return ofUrl(resolved.toString(), sameOrigin ? copy : Map.of(), timeout);
		}, timeout);
	}

	/**
	 * Describe a location with the password of its user-info hidden:
	 * {@code http://deploy:S3cret@host/p.wasm} becomes
	 * {@code http://deploy:****@host/p.wasm}, and user-info without a password (often a
	 * token) is hidden whole. Any other text is returned as it is.
	 * @param location the location
	 * @return the description
	 */
	public static String redact(String location) {
		return Redaction.redact(location);
	}

	private static byte[] bounded(String location, InputStream in, long limit) throws IOException {
		try {
			return BoundedRead.read(in, limit);
		}
		catch (BoundedRead.LimitExceeded ex) {
			throw new SizeExceededException(redact(location), limit);
		}
	}

	private static byte[] checked(String location, long length, long limit, byte[] bytes) throws IOException {
		if (length > limit) {
			throw new SizeExceededException(redact(location), limit, length);
		}
		return bytes;
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
	 * Read the bytes, whatever their size (up to the largest array the JVM allows).
	 * @return the bytes
	 * @throws IOException if they cannot be read
	 */
	public byte[] read() throws IOException {
		return this.reader.read(BoundedRead.MAX_ARRAY);
	}

	/**
	 * Read the bytes, stopping as soon as there are more than {@code maxBytes}.
	 * @param maxBytes the most bytes the module may have
	 * @return the bytes
	 * @throws SizeExceededException if the source has more than {@code maxBytes} bytes
	 * @throws IOException if they cannot be read
	 */
	public byte[] read(long maxBytes) throws IOException {
		return this.reader.read(maxBytes);
	}

	/**
	 * A module source had more bytes than the limit it was read with; no more than the
	 * limit plus one byte was held.
	 */
	public static final class SizeExceededException extends IOException {

		private static final long serialVersionUID = 1L;

		private final long limit;

		private final long size;

		/**
		 * Create an exception for a source read until it passed the limit.
		 * @param location the source's location, as it may be shown
		 * @param limit the limit in bytes
		 */
		public SizeExceededException(String location, long limit) {
			this(location, limit, -1);
		}

		/**
		 * Create an exception.
		 * @param location the source's location, as it may be shown
		 * @param limit the limit in bytes
		 * @param size the source's size when it was known without reading it, or -1
		 */
		public SizeExceededException(String location, long limit, long size) {
			super(location + ((size >= 0) ? " has " + size + " bytes, more than " : " has more than ") + limit
					+ " bytes");
			this.limit = limit;
			this.size = size;
		}

		/**
		 * Return the source's size, when it was known without reading the source.
		 * @return the size in bytes, or -1 if reading stopped at the limit
		 */
		public long size() {
			return this.size;
		}

		/**
		 * Return the limit that was exceeded.
		 * @return the limit in bytes
		 */
		public long limit() {
			return this.limit;
		}

	}

	@Override
	public String toString() {
		return this.location;
	}

}
