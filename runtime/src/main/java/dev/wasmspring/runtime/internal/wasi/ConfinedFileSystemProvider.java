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
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import dev.wasmspring.runtime.internal.wasi.ConfinedFileSystem.Location;
import org.jspecify.annotations.Nullable;

/**
 * The operations of {@link ConfinedFileSystem confined WASI directories}: each one
 * refuses a change to a read-only directory, walks its paths inside their directory
 * ({@link ConfinedFileSystem#locate}), and runs relative to the open directory the walk
 * ended in: open, stat, list, delete, rename and times through
 * {@link SecureDirectoryStream}, mkdir, symlink, link and readlink through
 * {@code /proc/self/fd/<n>/<name>} of that directory. No operation hands the operating
 * system a path with a link left to follow. Stateless and shared; confined file systems
 * are only made by {@link WasiDirectories}.
 */
public final class ConfinedFileSystemProvider extends FileSystemProvider {

	public static final ConfinedFileSystemProvider INSTANCE = new ConfinedFileSystemProvider();

	private static final Set<OpenOption> WRITING = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
			StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
			StandardOpenOption.DELETE_ON_CLOSE);

	// a name replaced by a link between the walk and the open is walked again this often
	private static final int MAX_RETRIES = 16;

	// links made and links or directories moved, one at a time in the whole JVM: a link
	// checked from where it is
	// made cannot be moved shallower by another instance until the check is over, nor a
	// directory checked for
	// links gain one meanwhile
	private static final ReentrantLock LINKS = new ReentrantLock();

	private ConfinedFileSystemProvider() {
	}

	@Override
	public String getScheme() {
		return "wasi-confined";
	}

	@Override
	public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
		throw new UnsupportedOperationException("Confined WASI directories are configured, not opened by URI");
	}

	@Override
	public FileSystem getFileSystem(URI uri) {
		throw new FileSystemNotFoundException(uri.toString());
	}

	@Override
	public Path getPath(URI uri) {
		throw new FileSystemNotFoundException(uri.toString());
	}

	@Override
	public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
			throws IOException {
		return newFileChannel(path, options, attrs);
	}

	/**
	 * Opens relative to the walked directory, never following a link there: the channel
	 * is a FileChannel. A guest's {@code path_open} gets an
	 * {@link AppendableFileChannel}, left in the session's hints so that its append mode
	 * can follow the guest's flags.
	 */
	@Override
	public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
			throws IOException {
		ConfinedPath confined = ConfinedPath.cast(path);
		WasiCallHints hints = confined.getFileSystem().hints();
		try {
			FileChannel channel = openChannel(confined, options, attrs);
			if (hints.opening && hints.opened == null) {
				AppendableFileChannel appendable = new AppendableFileChannel(channel);
				hints.opened = appendable;
				return appendable;
			}
			return channel;
		}
		catch (IOException ex) {
			throw hints.failed(ex);
		}
	}

	private FileChannel openChannel(ConfinedPath confined, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
			throws IOException {
		for (OpenOption option : options) {
			if (WRITING.contains(option)) {
				confined.getFileSystem().checkWritable(confined);
				break;
			}
		}
		Set<OpenOption> relative = new HashSet<>(options);
		boolean follow = !relative.remove(LinkOption.NOFOLLOW_LINKS);
		relative.add(LinkOption.NOFOLLOW_LINKS);
		boolean createsNew = relative.contains(StandardOpenOption.CREATE_NEW);
		for (int attempt = 0;; attempt++) {
			try (Location location = locate(confined, follow)) {
				if (!createsNew) {
					refuseSpecialFile(location, confined);
				}
				return (FileChannel) location.directory()
					.stream()
					.newByteChannel(location.nameAsPath(), relative, attrs);
			}
			catch (FileSystemException ex) {
				// the name became a link after the walk looked at it: walk again, which
				// follows it inside
				if (!follow || attempt >= MAX_RETRIES || ex instanceof NoSuchFileException
						|| ex instanceof FileAlreadyExistsException || ex instanceof java.nio.file.AccessDeniedException
						|| !isLink(confined)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Only regular files (and directories) are opened: opening a FIFO blocks in the
	 * kernel until a writer comes, past any deadline, and a device or socket is no file
	 * to share with a guest. The name's type is looked at relative to the walked
	 * directory just before the open; guests cannot make such files (WASI has no mknod),
	 * so only a host process could swap one in between.
	 */
	private static void refuseSpecialFile(Location location, ConfinedPath path) throws IOException {
		PosixFileAttributes attributes = ConfinedFileSystem.stat(location.directory(), location.name());
		if (attributes != null && attributes.isOther()) {
			throw new SpecialFileException(path.hostPath().toString());
		}
	}

	/** A FIFO, socket or device, which WASI guests do not open. */
	static final class SpecialFileException extends FileSystemException {

		private static final long serialVersionUID = 1L;

		SpecialFileException(String file) {
			super(file, null, "not a regular file or directory (a FIFO, socket or device); WASI opens only those");
		}

	}

	private static boolean isLink(ConfinedPath path) throws IOException {
		try (Location location = locate(path, false)) {
			BasicFileAttributes attributes = ConfinedFileSystem.stat(location.directory(), location.name());
			return attributes != null && attributes.isSymbolicLink();
		}
	}

	@Override
	public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
			throws IOException {
		ConfinedPath confined = ConfinedPath.cast(dir);
		SecureDirectoryStream<Path> entries;
		try (Location location = locate(confined, true)) {
			entries = location.directory()
				.stream()
				.newDirectoryStream(location.nameAsPath(), LinkOption.NOFOLLOW_LINKS);
		}
		return new DirectoryStream<>() {

			@Override
			public Iterator<Path> iterator() {
				Iterator<Path> hostEntries = entries.iterator();
				return new Iterator<>() {

					private @Nullable Path next;

					@Override
					public boolean hasNext() {
						while (this.next == null && hostEntries.hasNext()) {
							Path entry = confined
								.resolve(confined.getFileSystem().getPath(hostEntries.next().getFileName().toString()));
							if (accept(entry)) {
								this.next = entry;
							}
						}
						return this.next != null;
					}

					@Override
					public Path next() {
						if (!hasNext()) {
							throw new NoSuchElementException();
						}
						Path entry = this.next;
						this.next = null;
						return entry;
					}

					private boolean accept(Path entry) {
						try {
							return filter.accept(entry);
						}
						catch (IOException ex) {
							throw new java.io.UncheckedIOException(ex);
						}
					}

				};
			}

			@Override
			public void close() throws IOException {
				entries.close();
			}

		};
	}

	@Override
	public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
		try (Location location = locateForChange(dir)) {
			Files.createDirectory(location.entry(), attrs);
		}
		catch (IOException ex) {
			throw failed(dir, ex);
		}
	}

	// the WASI implementation reports most failures as EIO; the session reports the one
	// recorded here instead
	private static IOException failed(Path path, IOException failure) {
		return ConfinedPath.cast(path).getFileSystem().hints().failed(failure);
	}

	/**
	 * Creates a link whose text is the target as seen from the link's directory, refused
	 * if that text leads out of the confined directory from where the link is made.
	 */
	@Override
	public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
		ConfinedPath confined = ConfinedPath.cast(link);
		// a guest's path_symlink gives its text as written, relative to the link's own
		// directory
		String guestText = confined.getFileSystem().hints().symlinkText;
		Path text = (guestText != null) ? confined.hostPath().getFileSystem().getPath(guestText)
				: (target instanceof ConfinedPath confinedTarget) ? linkText(confined, confinedTarget)
						: confined.hostPath().getFileSystem().getPath(target.toString());
		LINKS.lock();
		try (Location location = locateForChange(link)) {
			confined.getFileSystem().checkLinkText(location, text);
			Files.createSymbolicLink(location.entry(), text, attrs);
		}
		catch (IOException ex) {
			throw failed(link, ex);
		}
		finally {
			LINKS.unlock();
		}
	}

	private static Path linkText(ConfinedPath link, ConfinedPath target) {
		Path targetPath = target.hostPath();
		Path directory = link.hostPath().getParent();
		return (directory != null) ? directory.relativize(targetPath) : targetPath;
	}

	@Override
	public void createLink(Path link, Path existing) throws IOException {
		ConfinedPath source = ConfinedPath.cast(existing);
		// a second name for a read-only file would let the guest change it through the
		// writable name
		source.getFileSystem().checkWritable(source);
		LINKS.lock();
		try (Location to = locateForChange(link); Location from = locate(source, false)) {
			BasicFileAttributes attributes = ConfinedFileSystem.stat(from.directory(), from.name());
			if (attributes == null) {
				throw new NoSuchFileException(source.hostPath().toString());
			}
			if (attributes.isSymbolicLink()) {
				// a hard link to a link is a copy of its text: it must point inside from
				// its new place too
				ConfinedPath.cast(link).getFileSystem().checkLinkText(to, Files.readSymbolicLink(from.entry()));
			}
			Files.createLink(to.entry(), from.entry());
		}
		catch (IOException ex) {
			throw failed(link, ex);
		}
		finally {
			LINKS.unlock();
		}
	}

	@Override
	public void delete(Path path) throws IOException {
		try (Location location = locateForChange(path)) {
			BasicFileAttributes attributes = ConfinedFileSystem.stat(location.directory(), location.name());
			if (attributes == null) {
				throw new NoSuchFileException(ConfinedPath.cast(path).hostPath().toString());
			}
			if (attributes.isDirectory()) {
				location.directory().stream().deleteDirectory(location.nameAsPath());
			}
			else {
				location.directory().stream().deleteFile(location.nameAsPath());
			}
		}
		catch (IOException ex) {
			throw failed(path, ex);
		}
	}

	@Override
	public void copy(Path source, Path target, CopyOption... options) throws IOException {
		Set<OpenOption> read = follows(options) ? Set.of(StandardOpenOption.READ)
				: Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
		Set<OpenOption> write = Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING)
				? Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
						LinkOption.NOFOLLOW_LINKS)
				: Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
		try (FileChannel from = newFileChannel(source, read); FileChannel to = newFileChannel(target, write)) {
			long size = from.size();
			for (long done = 0; done < size;) {
				done += from.transferTo(done, size - done, to);
			}
		}
	}

	/**
	 * Renames relative to the walked directories. A link moved must still point inside
	 * from its new place, and a directory moved to a shallower place must hold no link
	 * that would then climb out ({@link ConfinedFileSystem#checkLinksMoved}); such a move
	 * is refused.
	 */
	@Override
	public void move(Path source, Path target, CopyOption... options) throws IOException {
		LINKS.lock();
		try (Location from = locateForChange(source); Location to = locateForChange(target)) {
			if (!Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING)
					&& ConfinedFileSystem.stat(to.directory(), to.name()) != null) {
				throw new FileAlreadyExistsException(ConfinedPath.cast(target).hostPath().toString());
			}
			checkMovedLinks(ConfinedPath.cast(source).getFileSystem(), from, ConfinedPath.cast(target).getFileSystem(),
					to);
			try {
				from.directory().stream().move(from.nameAsPath(), to.directory().stream(), to.nameAsPath());
			}
			catch (FileSystemException ex) {
				if (isNonEmptyDirectory(to)) {
					// the JDK reports ENOTEMPTY from a relative rename as a plain
					// FileSystemException
					throw new java.nio.file.DirectoryNotEmptyException(ConfinedPath.cast(target).hostPath().toString());
				}
				throw ex;
			}
		}
		catch (IOException ex) {
			throw failed(source, ex);
		}
		finally {
			LINKS.unlock();
		}
	}

	private static void checkMovedLinks(ConfinedFileSystem fromSystem, Location from, ConfinedFileSystem toSystem,
			Location to) throws IOException {
		BasicFileAttributes moving = ConfinedFileSystem.stat(from.directory(), from.name());
		if (moving == null) {
			return;
		}
		if (moving.isSymbolicLink()) {
			toSystem.checkLinkText(to, Files.readSymbolicLink(from.entry()));
		}
		else if (moving.isDirectory()
				&& (fromSystem != toSystem || to.directory().depth() < from.directory().depth())) {
			toSystem.checkLinksMoved(from, to.directory().depth() + 1);
		}
	}

	private static boolean isNonEmptyDirectory(Location location) {
		try (DirectoryStream<Path> entries = location.directory()
			.stream()
			.newDirectoryStream(location.nameAsPath(), LinkOption.NOFOLLOW_LINKS)) {
			return entries.iterator().hasNext();
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public boolean isSameFile(Path path, Path path2) throws IOException {
		return readAttributes(path, PosixFileAttributes.class).fileKey()
			.equals(readAttributes(path2, PosixFileAttributes.class).fileKey());
	}

	@Override
	public boolean isHidden(Path path) {
		Path name = path.getFileName();
		return name != null && name.toString().startsWith(".");
	}

	@Override
	public FileStore getFileStore(Path path) {
		throw new UnsupportedOperationException("Confined WASI directories do not expose their file store");
	}

	@Override
	public void checkAccess(Path path, AccessMode... modes) throws IOException {
		ConfinedPath confined = ConfinedPath.cast(path);
		if (Arrays.asList(modes).contains(AccessMode.WRITE)) {
			confined.getFileSystem().checkWritable(confined);
		}
		readAttributes(path, PosixFileAttributes.class);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <V extends FileAttributeView> @Nullable V getFileAttributeView(Path path, Class<V> type,
			LinkOption... options) {
		if (type != BasicFileAttributeView.class) {
			return null;
		}
		ConfinedPath confined = ConfinedPath.cast(path);
		boolean follow = follows(options);
		return (V) new BasicFileAttributeView() {

			@Override
			public String name() {
				return "basic";
			}

			@Override
			public BasicFileAttributes readAttributes() throws IOException {
				return attributes(confined, follow);
			}

			@Override
			public void setTimes(@Nullable FileTime lastModifiedTime, @Nullable FileTime lastAccessTime,
					@Nullable FileTime createTime) throws IOException {
				confined.getFileSystem().checkWritable(confined);
				// path_filestat_set_times without SYMLINK_FOLLOW sets a link's own times
				setFileTimes(confined, follow && !confined.getFileSystem().hints().noFollowTimes, lastModifiedTime,
						lastAccessTime);
			}

		};
	}

	private static void setFileTimes(ConfinedPath path, boolean follow, @Nullable FileTime lastModifiedTime,
			@Nullable FileTime lastAccessTime) throws IOException {
		try (Location location = locate(path, follow)) {
			Path entry;
			try {
				// through the walked directory's descriptor: the relative form keeps
				// microseconds only on JDK 17
				entry = location.entry();
			}
			catch (IOException noProc) {
				// without /proc (macOS), the relative form
				location.directory()
					.stream()
					.getFileAttributeView(location.nameAsPath(), BasicFileAttributeView.class,
							LinkOption.NOFOLLOW_LINKS)
					.setTimes(lastModifiedTime, lastAccessTime, null);
				return;
			}
			Files.getFileAttributeView(entry, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
				.setTimes(lastModifiedTime, lastAccessTime, null);
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
			throws IOException {
		PosixFileAttributes attributes = attributes(ConfinedPath.cast(path), follows(options));
		if (!type.isInstance(attributes)) {
			throw new UnsupportedOperationException("Confined WASI directories have no " + type.getSimpleName());
		}
		return (A) attributes;
	}

	/**
	 * Reads the attributes WASI needs, under the names of the {@code unix} view. The link
	 * count and the change time are not available relative to a directory: 1 and the
	 * modification time stand in for them.
	 */
	@Override
	public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
		PosixFileAttributes read = attributes(ConfinedPath.cast(path), follows(options));
		Map<String, Object> map = new HashMap<>();
		map.put("size", read.size());
		map.put("lastModifiedTime", read.lastModifiedTime());
		map.put("lastAccessTime", read.lastAccessTime());
		map.put("creationTime", read.creationTime());
		map.put("ctime", read.lastModifiedTime());
		map.put("isRegularFile", read.isRegularFile());
		map.put("isDirectory", read.isDirectory());
		map.put("isSymbolicLink", read.isSymbolicLink());
		map.put("isOther", read.isOther());
		map.put("permissions", read.permissions());
		map.put("nlink", 1);
		Object fileKey = read.fileKey();
		map.put("fileKey", fileKey);
		map.put("dev", keyPart(fileKey, "dev=", 16));
		map.put("ino", keyPart(fileKey, "ino=", 10));
		return map;
	}

	// the default file system's file key reads "(dev=<hex>,ino=<decimal>)"
	private static long keyPart(@Nullable Object fileKey, String prefix, int radix) {
		String text = String.valueOf(fileKey);
		int start = text.indexOf(prefix);
		if (start < 0) {
			return text.hashCode();
		}
		start += prefix.length();
		int end = start;
		while (end < text.length() && Character.digit(text.charAt(end), radix) >= 0) {
			end++;
		}
		try {
			return Long.parseUnsignedLong(text.substring(start, end), radix);
		}
		catch (NumberFormatException ex) {
			return text.hashCode();
		}
	}

	private static PosixFileAttributes attributes(ConfinedPath path, boolean follow) throws IOException {
		try (Location location = locate(path, follow)) {
			PosixFileAttributes attributes = ConfinedFileSystem.stat(location.directory(), location.name());
			if (attributes == null) {
				throw new NoSuchFileException(path.hostPath().toString());
			}
			return attributes;
		}
	}

	@Override
	public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
		ConfinedPath confined = ConfinedPath.cast(path);
		confined.getFileSystem().checkWritable(confined);
		String name = attribute.startsWith("basic:") ? attribute.substring("basic:".length()) : attribute;
		switch (name) {
			case "lastModifiedTime" -> setFileTimes(confined, follows(options), (FileTime) value, null);
			case "lastAccessTime" -> setFileTimes(confined, follows(options), null, (FileTime) value);
			default ->
				throw new UnsupportedOperationException("Confined WASI directories cannot set attribute " + attribute);
		}
	}

	/**
	 * Reads a link's text from its own directory, relative to which a relative text is
	 * then taken.
	 */
	@Override
	public Path readSymbolicLink(Path link) throws IOException {
		ConfinedPath confined = ConfinedPath.cast(link);
		try (Location location = locate(confined, false)) {
			// never a host path, nor text that leads out (a link the host planted)
			Path target = confined.getFileSystem().visibleLinkText(location, Files.readSymbolicLink(location.entry()));
			// the whole text, for a path_readlink that would otherwise report its last
			// name only
			confined.getFileSystem().hints().linkText = target.toString();
			return new ConfinedPath(confined.getFileSystem(), target, location.directory().hostPath());
		}
	}

	private static Location locate(ConfinedPath path, boolean followLast) throws IOException {
		return path.getFileSystem().locate(path, followLast);
	}

	/**
	 * Walks to a name that is created, replaced or removed: checked writable, never
	 * followed.
	 */
	private static Location locateForChange(Path path) throws IOException {
		ConfinedPath confined = ConfinedPath.cast(path);
		confined.getFileSystem().checkWritable(confined);
		return locate(confined, false);
	}

	private static boolean follows(Object[] options) {
		return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
	}

}
