package dev.wasmspring.runtime.internal.wasi;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One host directory as a WASI guest sees it: a view of the host's file system that no path can leave and,
 * if read-only, nothing can change. Every operation walks its path name by name from the open root directory
 * ({@link #locate}), opening each directory relative to the one before without following links, following
 * symbolic links itself and refusing any step that leads out; the operation then runs relative to the open
 * directory the walk ended in, so that checking and using are one step and nothing can race between them. The
 * WASI implementation works on this file system's paths only, so it cannot reach the host's file system
 * otherwise.
 * <p>
 * Confined to the thread of the instance whose WASI session owns it. Refusals are reported to that session,
 * which turns them into the errno the guest sees. The session closes it, which closes its open root.
 */
public final class ConfinedFileSystem extends FileSystem {

	/** Why an operation was refused. */
	public enum Refusal {

		/** The path leads outside the directory. */
		ESCAPE,

		/** The operation would change a read-only directory. */
		READ_ONLY

	}

	/** Receives the refusals of the current WASI call. */
	public interface RefusalListener {

		public void refused(Refusal refusal, ConfinedFileSystem fileSystem, Path hostPath);

	}

	// the same limit as Linux's, so that a loop of links fails as it would on the host
	private static final int MAX_LINKS = 40;

	// a directory replaced between being looked at and being opened is looked at again this often
	private static final int MAX_RETRIES = 16;

	private final String guestPath;

	private final Path root;

	private final boolean readOnly;

	private final RefusalListener listener;

	private final WasiCallHints hints;

	private @Nullable DirectoryHandle rootHandle;

	/**
	 * @param guestPath the directory's name in the guest, for messages
	 * @param root the host directory, absolute and without symbolic links
	 * @param readOnly whether the guest may only read
	 * @param listener receives refusals
	 */
	public ConfinedFileSystem(String guestPath, Path root, boolean readOnly, RefusalListener listener) {
		this(guestPath, root, readOnly, listener, new WasiCallHints());
	}

	ConfinedFileSystem(String guestPath, Path root, boolean readOnly, RefusalListener listener,
			WasiCallHints hints) {
		this.guestPath = guestPath;
		this.root = root;
		this.readOnly = readOnly;
		this.listener = listener;
		this.hints = hints;
	}

	/** What the session's WASI call in progress says of itself, shared by the session's file systems. */
	WasiCallHints hints() {
		return this.hints;
	}

	public String guestPath() {
		return this.guestPath;
	}

	public Path root() {
		return this.root;
	}

	/** The directory itself, as handed to the WASI implementation. */
	public ConfinedPath rootPath() {
		return new ConfinedPath(this, this.root, null);
	}

	/**
	 * Walk a path to the directory that holds its last name, one name at a time from the open root, never
	 * letting the operating system follow a link: each directory is opened relative to the one before without
	 * following links, each link is read and its target walked the same way, and any step above the root is
	 * refused. The directory returned is open, so an operation relative to it acts on the directory the walk
	 * checked, whatever is renamed or swapped meanwhile.
	 * @param path the path
	 * @param followLast whether a link in the last place is followed too
	 * @return the open directory and the name in it ({@code "."} for the directory itself); close it after use
	 */
	public Location locate(ConfinedPath path, boolean followLast) throws IOException {
		Path host = path.hostPath();
		if (!host.startsWith(this.root)) {
			throw refuse(Refusal.ESCAPE, host);
		}
		Deque<String> names = new ArrayDeque<>(names(this.root.relativize(host)));
		Deque<DirectoryHandle> opened = new ArrayDeque<>();
		opened.push(rootHandle());
		int links = 0;
		int retries = 0;
		try {
			while (!names.isEmpty()) {
				String name = names.removeFirst();
				if (name.equals("..")) {
					if (opened.size() == 1) {
						throw refuse(Refusal.ESCAPE, host);
					}
					opened.pop().close();
					continue;
				}
				DirectoryHandle directory = opened.peek();
				boolean last = names.isEmpty();
				if (last && !followLast) {
					return new Location(directory, name, opened);
				}
				BasicFileAttributes attributes = stat(directory, name);
				if (attributes == null) {
					if (last) {
						return new Location(directory, name, opened);
					}
					throw new NoSuchFileException(directory.hostPath().resolve(name).toString());
				}
				if (attributes.isSymbolicLink()) {
					if (++links > MAX_LINKS) {
						throw new FileSystemException(host.toString(), null, "Too many levels of symbolic links");
					}
					// read by name: a racer could only make the walk read another link's text, and the walk
					// stays confined whatever text it follows
					Path target = Files.readSymbolicLink(directory.hostPath().resolve(name));
					if (target.isAbsolute()) {
						target = target.normalize();
						if (!target.startsWith(this.root)) {
							throw refuse(Refusal.ESCAPE, host);
						}
						while (opened.size() > 1) {
							opened.pop().close();
						}
						target = this.root.relativize(target);
					}
					List<String> targetNames = names(target);
					for (int i = targetNames.size() - 1; i >= 0; i--) {
						names.addFirst(targetNames.get(i));
					}
					continue;
				}
				if (last) {
					return new Location(directory, name, opened);
				}
				if (!attributes.isDirectory()) {
					throw new NotDirectoryException(directory.hostPath().resolve(name).toString());
				}
				try {
					opened.push(directory.child(name));
				}
				catch (FileSystemException ex) {
					// replaced since it was looked at: look again, a bounded number of times
					if (++retries > MAX_RETRIES) {
						throw ex;
					}
					names.addFirst(name);
				}
			}
			return new Location(opened.peek(), ".", opened);
		}
		catch (IOException | RuntimeException ex) {
			Location.closeAll(opened);
			throw ex;
		}
	}

	/** The attributes of a name in a directory, its link not followed, or null if it does not exist. */
	static @Nullable PosixFileAttributes stat(DirectoryHandle directory, String name) throws IOException {
		try {
			return directory.stream()
				.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
				.readAttributes();
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	/**
	 * Refuse a link whose text, read from the directory the link is created in, would lead out: a link the
	 * guest makes points inside from where it stands.
	 */
	void checkLinkText(Location link, Path text) throws IOException {
		Path host = link.directory().hostPath().resolve(link.name());
		if (text.isAbsolute()) {
			if (!text.normalize().startsWith(this.root)) {
				throw refuse(Refusal.ESCAPE, host);
			}
			return;
		}
		int depth = link.directory().depth();
		for (String name : names(text.normalize())) {
			depth += name.equals("..") ? -1 : 1;
			if (depth < 0) {
				throw refuse(Refusal.ESCAPE, host);
			}
		}
	}

	private DirectoryHandle rootHandle() throws IOException {
		DirectoryHandle handle = this.rootHandle;
		if (handle == null) {
			handle = DirectoryHandle.openRoot(this.root);
			this.rootHandle = handle;
		}
		return handle;
	}

	private static List<String> names(Path path) {
		List<String> names = new ArrayList<>(path.getNameCount());
		for (Path name : path) {
			String text = name.toString();
			if (!text.isEmpty() && !text.equals(".")) {
				names.add(text);
			}
		}
		return names;
	}

	/**
	 * Where a walk ended: an open directory and a name in it. Closing it closes the directories the walk opened
	 * (the root stays open for the file system's life).
	 */
	record Location(DirectoryHandle directory, String name, Deque<DirectoryHandle> opened) implements AutoCloseable {

		Path nameAsPath() {
			return Path.of(this.name);
		}

		/** A host path naming the entry in this very directory, for operations without a relative form. */
		Path entry() throws IOException {
			return this.directory.entry(this.name);
		}

		@Override
		public void close() {
			closeAll(this.opened);
		}

		static void closeAll(Deque<DirectoryHandle> opened) {
			while (opened.size() > 1) {
				opened.pop().close();
			}
		}

	}

	/** Refuse a change to a read-only directory. */
	public void checkWritable(ConfinedPath path) throws IOException {
		if (this.readOnly) {
			throw refuse(Refusal.READ_ONLY, path.hostPath());
		}
	}

	/**
	 * Record a refusal and return the exception that stops the operation. An escape looks like a missing
	 * file, so that the WASI implementation treats a link leading out like a dangling one (a directory
	 * listing skips it); the session reports it to the guest as a permission error.
	 */
	public IOException refuse(Refusal refusal, Path hostPath) {
		this.listener.refused(refusal, this, hostPath);
		return switch (refusal) {
			case ESCAPE -> new NoSuchFileException(hostPath.toString(), null,
					"leads outside WASI directory " + this.guestPath);
			case READ_ONLY -> new AccessDeniedException(hostPath.toString(), null,
					"WASI directory " + this.guestPath + " is read-only");
		};
	}

	@Override
	public ConfinedFileSystemProvider provider() {
		return ConfinedFileSystemProvider.INSTANCE;
	}

	/** Closes the open root; every channel belongs to its own descriptor and is closed with it. */
	@Override
	public void close() {
		DirectoryHandle handle = this.rootHandle;
		if (handle != null) {
			this.rootHandle = null;
			handle.close();
		}
	}

	@Override
	public boolean isOpen() {
		return true;
	}

	@Override
	public boolean isReadOnly() {
		return this.readOnly;
	}

	@Override
	public String getSeparator() {
		return this.root.getFileSystem().getSeparator();
	}

	@Override
	public Iterable<Path> getRootDirectories() {
		return List.of(new ConfinedPath(this, this.root.getRoot(), null));
	}

	@Override
	public Iterable<FileStore> getFileStores() {
		return List.of();
	}

	@Override
	public Set<String> supportedFileAttributeViews() {
		return this.root.getFileSystem().supportedFileAttributeViews();
	}

	@Override
	public Path getPath(String first, String... more) {
		return new ConfinedPath(this, this.root.getFileSystem().getPath(first, more), null);
	}

	@Override
	public PathMatcher getPathMatcher(String syntaxAndPattern) {
		PathMatcher matcher = this.root.getFileSystem().getPathMatcher(syntaxAndPattern);
		return (path) -> matcher.matches(this.root.getFileSystem().getPath(path.toString()));
	}

	@Override
	public UserPrincipalLookupService getUserPrincipalLookupService() {
		throw new UnsupportedOperationException("Confined WASI directories have no user principals");
	}

	@Override
	public WatchService newWatchService() {
		throw new UnsupportedOperationException("Confined WASI directories cannot be watched");
	}

	@Override
	public String toString() {
		return "ConfinedFileSystem[" + this.guestPath + " -> " + this.root + (this.readOnly ? ", read-only]" : "]");
	}

}
