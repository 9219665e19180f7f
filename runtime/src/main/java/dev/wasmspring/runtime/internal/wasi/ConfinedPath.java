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
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A path of a {@link ConfinedFileSystem}: a path of the host's file system, plus the
 * directory a relative path is taken from. That directory is the confined root, except
 * for the target of a symbolic link, which is taken from the link's own directory as the
 * operating system would. Immutable.
 */
public final class ConfinedPath implements Path {

	private final ConfinedFileSystem fileSystem;

	private final Path path;

	private final @Nullable Path base;

	public ConfinedPath(ConfinedFileSystem fileSystem, Path path, @Nullable Path base) {
		this.fileSystem = fileSystem;
		this.path = path;
		this.base = base;
	}

	public static ConfinedPath cast(Path path) {
		if (path instanceof ConfinedPath confined) {
			return confined;
		}
		throw new ProviderMismatchException("Not a path of a confined WASI directory: " + path);
	}

	/**
	 * The absolute, lexically normalised host path this path names, before any link is
	 * followed.
	 */
	public Path hostPath() {
		if (this.path.isAbsolute()) {
			return this.path.normalize();
		}
		Path from = (this.base != null) ? this.base : this.fileSystem.root();
		return from.resolve(this.path).normalize();
	}

	private @Nullable ConfinedPath wrap(@Nullable Path path) {
		return (path != null) ? new ConfinedPath(this.fileSystem, path, this.base) : null;
	}

	@Override
	public ConfinedFileSystem getFileSystem() {
		return this.fileSystem;
	}

	@Override
	public boolean isAbsolute() {
		return this.path.isAbsolute();
	}

	@Override
	public @Nullable Path getRoot() {
		return wrap(this.path.getRoot());
	}

	@Override
	public @Nullable Path getFileName() {
		return wrap(this.path.getFileName());
	}

	@Override
	public @Nullable Path getParent() {
		return wrap(this.path.getParent());
	}

	@Override
	public int getNameCount() {
		return this.path.getNameCount();
	}

	@Override
	public Path getName(int index) {
		return new ConfinedPath(this.fileSystem, this.path.getName(index), this.base);
	}

	@Override
	public Path subpath(int beginIndex, int endIndex) {
		return new ConfinedPath(this.fileSystem, this.path.subpath(beginIndex, endIndex), this.base);
	}

	@Override
	public boolean startsWith(Path other) {
		return (other instanceof ConfinedPath confined) && this.path.startsWith(confined.path);
	}

	@Override
	public boolean endsWith(Path other) {
		return (other instanceof ConfinedPath confined) && this.path.endsWith(confined.path);
	}

	@Override
	public Path normalize() {
		return new ConfinedPath(this.fileSystem, this.path.normalize(), this.base);
	}

	@Override
	public Path resolve(Path other) {
		ConfinedPath confined = cast(other);
		if (confined.path.isAbsolute()) {
			return confined;
		}
		return new ConfinedPath(this.fileSystem, this.path.resolve(confined.path), this.base);
	}

	@Override
	public Path relativize(Path other) {
		return new ConfinedPath(this.fileSystem, this.path.relativize(cast(other).path), this.base);
	}

	@Override
	public URI toUri() {
		return hostPath().toUri();
	}

	@Override
	public Path toAbsolutePath() {
		return this.path.isAbsolute() ? this : new ConfinedPath(this.fileSystem, hostPath(), null);
	}

	@Override
	public Path toRealPath(LinkOption... options) throws IOException {
		boolean follow = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
		try (ConfinedFileSystem.Location location = this.fileSystem.locate(this, follow)) {
			if (ConfinedFileSystem.stat(location.directory(), location.name()) == null) {
				throw new java.nio.file.NoSuchFileException(hostPath().toString());
			}
			Path resolved = location.directory().hostPath().resolve(location.name()).normalize();
			return new ConfinedPath(this.fileSystem, resolved, null);
		}
	}

	@Override
	public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
		throw new UnsupportedOperationException("Confined WASI directories cannot be watched");
	}

	@Override
	public int compareTo(Path other) {
		return this.path.compareTo(cast(other).path);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof ConfinedPath confined) && this.fileSystem == confined.fileSystem
				&& this.path.equals(confined.path) && Objects.equals(this.base, confined.base);
	}

	@Override
	public int hashCode() {
		return this.path.hashCode();
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

}
