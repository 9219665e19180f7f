package dev.wasmspring.runtime.internal.wasi;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The operations of {@link ConfinedFileSystem confined WASI directories}: each one refuses a change to a
 * read-only directory, resolves its paths inside their directory, and runs on the host's file system.
 * Stateless and shared; confined file systems are only made by {@link WasiDirectories}.
 */
public final class ConfinedFileSystemProvider extends FileSystemProvider {

	public static final ConfinedFileSystemProvider INSTANCE = new ConfinedFileSystemProvider();

	private static final Set<OpenOption> WRITING = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
			StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
			StandardOpenOption.DELETE_ON_CLOSE);

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
	public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
			FileAttribute<?>... attrs) throws IOException {
		return Files.newByteChannel(open(path, options), options, attrs);
	}

	@Override
	public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
			throws IOException {
		return FileChannel.open(open(path, options), options, attrs);
	}

	private static Path open(Path path, Set<? extends OpenOption> options) throws IOException {
		ConfinedPath confined = ConfinedPath.cast(path);
		for (OpenOption option : options) {
			if (WRITING.contains(option)) {
				confined.getFileSystem().checkWritable(confined);
				break;
			}
		}
		return confined.getFileSystem().resolve(confined, !options.contains(LinkOption.NOFOLLOW_LINKS));
	}

	@Override
	public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
			throws IOException {
		ConfinedPath confined = ConfinedPath.cast(dir);
		DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(confined, true));
		return new DirectoryStream<>() {

			@Override
			public Iterator<Path> iterator() {
				Iterator<Path> hostEntries = entries.iterator();
				return new Iterator<>() {

					private @Nullable Path next;

					@Override
					public boolean hasNext() {
						while (this.next == null && hostEntries.hasNext()) {
							Path entry = confined.resolve(confined.getFileSystem()
								.getPath(hostEntries.next().getFileName().toString()));
							if (accept(entry)) {
								this.next = entry;
							}
						}
						return this.next != null;
					}

					@Override
					public Path next() {
						if (!hasNext()) {
							throw new java.util.NoSuchElementException();
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
		Files.createDirectory(resolveForChange(dir), attrs);
	}

	@Override
	public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
		// the target is only text until the link is followed, and following it is confined
		Path host = resolveForChange(link);
		Path text = (target instanceof ConfinedPath) ? host.getFileSystem().getPath(target.toString()) : target;
		Files.createSymbolicLink(host, text, attrs);
	}

	@Override
	public void createLink(Path link, Path existing) throws IOException {
		ConfinedPath source = ConfinedPath.cast(existing);
		// a second name for a read-only file would let the guest change it through the writable name
		source.getFileSystem().checkWritable(source);
		Files.createLink(resolveForChange(link), resolve(source, false));
	}

	@Override
	public void delete(Path path) throws IOException {
		Files.delete(resolveForChange(path));
	}

	@Override
	public void copy(Path source, Path target, CopyOption... options) throws IOException {
		Path from = resolve(ConfinedPath.cast(source), follows(options));
		Files.copy(from, resolveForChange(target), options);
	}

	@Override
	public void move(Path source, Path target, CopyOption... options) throws IOException {
		Path from = resolveForChange(source);
		Files.move(from, resolveForChange(target), options);
	}

	@Override
	public boolean isSameFile(Path path, Path path2) throws IOException {
		return Files.isSameFile(resolve(ConfinedPath.cast(path), true), resolve(ConfinedPath.cast(path2), true));
	}

	@Override
	public boolean isHidden(Path path) throws IOException {
		return Files.isHidden(resolve(ConfinedPath.cast(path), true));
	}

	@Override
	public FileStore getFileStore(Path path) throws IOException {
		return Files.getFileStore(resolve(ConfinedPath.cast(path), true));
	}

	@Override
	public void checkAccess(Path path, AccessMode... modes) throws IOException {
		ConfinedPath confined = ConfinedPath.cast(path);
		if (Arrays.asList(modes).contains(AccessMode.WRITE)) {
			confined.getFileSystem().checkWritable(confined);
		}
		Path host = resolve(confined, true);
		host.getFileSystem().provider().checkAccess(host, modes);
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
				return Files.readAttributes(resolve(confined, follow), BasicFileAttributes.class, options);
			}

			@Override
			public void setTimes(@Nullable FileTime lastModifiedTime, @Nullable FileTime lastAccessTime,
					@Nullable FileTime createTime) throws IOException {
				confined.getFileSystem().checkWritable(confined);
				Files.getFileAttributeView(resolve(confined, follow), BasicFileAttributeView.class, options)
					.setTimes(lastModifiedTime, lastAccessTime, createTime);
			}

		};
	}

	@Override
	public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
			throws IOException {
		return Files.readAttributes(resolve(ConfinedPath.cast(path), follows(options)), type, options);
	}

	@Override
	public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
			throws IOException {
		return Files.readAttributes(resolve(ConfinedPath.cast(path), follows(options)), attributes, options);
	}

	@Override
	public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
		ConfinedPath confined = ConfinedPath.cast(path);
		confined.getFileSystem().checkWritable(confined);
		Files.setAttribute(resolve(confined, follows(options)), attribute, value, options);
	}

	@Override
	public Path readSymbolicLink(Path link) throws IOException {
		ConfinedPath confined = ConfinedPath.cast(link);
		Path host = resolve(confined, false);
		Path target = Files.readSymbolicLink(host);
		// a relative target is taken from the link's directory, not from the JVM's working directory
		return new ConfinedPath(confined.getFileSystem(), target, host.getParent());
	}

	private static Path resolve(ConfinedPath path, boolean followLast) throws IOException {
		return path.getFileSystem().resolve(path, followLast);
	}

	/** Resolves a path whose last name is created, replaced or removed: checked writable, never followed. */
	private static Path resolveForChange(Path path) throws IOException {
		ConfinedPath confined = ConfinedPath.cast(path);
		confined.getFileSystem().checkWritable(confined);
		return resolve(confined, false);
	}

	private static boolean follows(Object[] options) {
		return !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
	}

}
