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

package dev.wasmspring.runtime.internal.wasi;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * An open directory of a confined WASI directory, reached by a walk that followed no
 * link: operations relative to it ({@link SecureDirectoryStream}, or
 * {@code /proc/self/fd/<n>/<name>} for those it lacks) act on this very directory,
 * whatever happens to its names meanwhile.
 * <p>
 * Confined to one thread; closed by whoever opened it.
 */
final class DirectoryHandle implements AutoCloseable {

	private static final Path PROC_FD = Path.of("/proc/self/fd");

	private static final Path PROC_FDINFO = Path.of("/proc/self/fdinfo");

	private static final Path DOT = Path.of(".");

	// positions a tagging channel is moved to, so that its descriptor can be told apart
	// in /proc/self/fdinfo
	private static final AtomicLong TAGS = new AtomicLong((1L << 24) + ThreadLocalRandom.current().nextLong(1L << 28));

	private final SecureDirectoryStream<Path> stream;

	private final Path hostPath;

	private final int depth;

	private @Nullable FileChannel tagged;

	private int descriptor = -1;

	private DirectoryHandle(SecureDirectoryStream<Path> stream, Path hostPath, int depth) {
		this.stream = stream;
		this.hostPath = hostPath;
		this.depth = depth;
	}

	/**
	 * Open the root of a confined directory.
	 * @param root the host directory
	 * @return the handle
	 * @throws IOException if it cannot be opened, or the platform cannot open directories
	 * relative to others
	 */
	static DirectoryHandle openRoot(Path root) throws IOException {
		DirectoryStream<Path> stream = Files.newDirectoryStream(root);
		if (stream instanceof SecureDirectoryStream<Path> secure) {
			return new DirectoryHandle(secure, root, 0);
		}
		stream.close();
		throw new IOException("WASI directories need a platform that opens files relative to an open directory "
				+ "(SecureDirectoryStream: Linux, macOS); this one does not");
	}

	/**
	 * Opens a child directory, never following a link: fails if the name is not a
	 * directory (any more).
	 */
	DirectoryHandle child(String name) throws IOException {
		SecureDirectoryStream<Path> child = this.stream.newDirectoryStream(Path.of(name),
				java.nio.file.LinkOption.NOFOLLOW_LINKS);
		return new DirectoryHandle(child, this.hostPath.resolve(name), this.depth + 1);
	}

	SecureDirectoryStream<Path> stream() {
		return this.stream;
	}

	/**
	 * The host path this directory was reached by, for messages and link text; not used
	 * to reach it.
	 */
	Path hostPath() {
		return this.hostPath;
	}

	/** How many directories below the confined root this one lies. */
	int depth() {
		return this.depth;
	}

	/**
	 * A host path that names an entry of this very directory, through
	 * {@code /proc/self/fd}: for the operations {@link SecureDirectoryStream} has no form
	 * of (mkdir, symlink, link, readlink). The kernel follows the descriptor, not a name,
	 * so nothing can race.
	 */
	Path entry(String name) throws IOException {
		return PROC_FD.resolve(Integer.toString(descriptor())).resolve(name);
	}

	private int descriptor() throws IOException {
		if (this.descriptor >= 0) {
			return this.descriptor;
		}
		FileChannel channel = (FileChannel) this.stream.newByteChannel(DOT, Set.of(StandardOpenOption.READ));
		this.tagged = channel;
		long tag = TAGS.getAndIncrement() & 0x7fff_ffffL;
		channel.position(tag);
		String position = "pos:\t" + tag;
		// the descriptors that show this directory's path are looked at first; a
		// directory renamed meanwhile
		// shows another path, so every descriptor is looked at if none of those is ours
		int found = find(position, this.hostPath);
		if (found < 0) {
			found = find(position, null);
		}
		if (found < 0) {
			throw new IOException("Cannot find the descriptor of WASI directory " + this.hostPath
					+ " in /proc/self/fd; this operation needs Linux's /proc");
		}
		this.descriptor = found;
		return found;
	}

	// a channel on the directory stays open while this handle is, so the number found
	// cannot be reused meanwhile
	private static int find(String positionLine, @Nullable Path showing) throws IOException {
		try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(PROC_FD)) {
			for (Path descriptor : descriptors) {
				String number = descriptor.getFileName().toString();
				try {
					if (showing != null && !showing.equals(Files.readSymbolicLink(descriptor))) {
						continue;
					}
					for (String line : Files.readAllLines(PROC_FDINFO.resolve(number))) {
						if (line.equals(positionLine)) {
							return Integer.parseInt(number);
						}
					}
				}
				catch (IOException ex) {
					// closed meanwhile by another thread: not ours
				}
			}
		}
		return -1;
	}

	@Override
	public void close() {
		try {
			this.stream.close();
			if (this.tagged != null) {
				this.tagged.close();
			}
		}
		catch (IOException ex) {
			// closing a directory handle does not fail in a way that matters here
		}
	}

}
