package dev.wasmspring.runtime.internal.wasi;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * One host directory as a WASI guest sees it: a view of the host's file system that no path can leave and,
 * if read-only, nothing can change. Every operation first resolves its path name by name from the directory,
 * following symbolic links itself and refusing any step that leads out; the host operation then runs on the
 * resolved path, which has no link left to follow. The WASI implementation works on this file system's
 * paths only, so it cannot reach the host's file system otherwise.
 * <p>
 * Confined to the thread of the instance whose WASI session owns it. Refusals are reported to that session,
 * which turns them into the errno the guest sees. Nothing to close.
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

	private final String guestPath;

	private final Path root;

	private final boolean readOnly;

	private final RefusalListener listener;

	/**
	 * @param guestPath the directory's name in the guest, for messages
	 * @param root the host directory, absolute and without symbolic links
	 * @param readOnly whether the guest may only read
	 * @param listener receives refusals
	 */
	public ConfinedFileSystem(String guestPath, Path root, boolean readOnly, RefusalListener listener) {
		this.guestPath = guestPath;
		this.root = root;
		this.readOnly = readOnly;
		this.listener = listener;
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
	 * Resolve a path to the host path an operation may touch: every symbolic link on the way is followed
	 * (the last name's only if {@code followLast}), and any step outside the directory is refused.
	 */
	public Path resolve(ConfinedPath path, boolean followLast) throws IOException {
		Path host = path.hostPath();
		if (!host.startsWith(this.root)) {
			throw refuse(Refusal.ESCAPE, host);
		}
		Deque<Path> names = new ArrayDeque<>(names(this.root.relativize(host)));
		Path current = this.root;
		int links = 0;
		while (!names.isEmpty()) {
			Path name = names.removeFirst();
			if (name.toString().equals("..")) {
				if (current.equals(this.root)) {
					throw refuse(Refusal.ESCAPE, host);
				}
				current = current.getParent();
				continue;
			}
			Path next = current.resolve(name);
			if ((followLast || !names.isEmpty()) && Files.isSymbolicLink(next)) {
				if (++links > MAX_LINKS) {
					throw new FileSystemException(host.toString(), null, "Too many levels of symbolic links");
				}
				Path target = Files.readSymbolicLink(next);
				if (target.isAbsolute()) {
					target = target.normalize();
					if (!target.startsWith(this.root)) {
						throw refuse(Refusal.ESCAPE, host);
					}
					current = this.root;
					target = this.root.relativize(target);
				}
				List<Path> targetNames = names(target);
				for (int i = targetNames.size() - 1; i >= 0; i--) {
					names.addFirst(targetNames.get(i));
				}
				continue;
			}
			current = next;
		}
		return current;
	}

	private static List<Path> names(Path path) {
		List<Path> names = new ArrayList<>(path.getNameCount());
		for (Path name : path) {
			String text = name.toString();
			if (!text.isEmpty() && !text.equals(".")) {
				names.add(name);
			}
		}
		return names;
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

	@Override
	public void close() {
		// nothing is held open: every channel belongs to its own descriptor
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
