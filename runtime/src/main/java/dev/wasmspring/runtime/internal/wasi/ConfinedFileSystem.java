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
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One host directory as a WASI guest sees it: a view of the host's file system that no
 * path can leave and, if read-only, nothing can change. Every operation walks its path
 * name by name from the open root directory ({@link #locate}), opening each directory
 * relative to the one before without following links, following symbolic links itself and
 * refusing any step that leads out; the operation then runs relative to the open
 * directory the walk ended in, so that checking and using are one step and nothing can
 * race between them. The WASI implementation works on this file system's paths only, so
 * it cannot reach the host's file system otherwise.
 * <p>
 * Confined to the thread of the instance whose WASI session owns it. Refusals are
 * reported to that session, which turns them into the errno the guest sees. The session
 * closes it, which closes its open root.
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

		void refused(Refusal refusal, ConfinedFileSystem fileSystem, Path hostPath);

	}

	// the same limit as Linux's, so that a loop of links fails as it would on the host
	private static final int MAX_LINKS = 40;

	// a directory replaced between being looked at and being opened is looked at again
	// this often
	private static final int MAX_RETRIES = 16;

	// entries looked at to check the links below a directory moved to a shallower place
	static final int MAX_CHECKED_ENTRIES = 10_000;

	private final String guestPath;

	private final Path root;

	private final boolean readOnly;

	private final RefusalListener listener;

	private final WasiCallHints hints;

	private @Nullable DirectoryHandle rootHandle;

	/**
	 * Confines the guest to one host directory.
	 * @param guestPath the directory's name in the guest, for messages
	 * @param root the host directory, absolute and without symbolic links
	 * @param readOnly whether the guest may only read
	 * @param listener receives refusals
	 */
	public ConfinedFileSystem(String guestPath, Path root, boolean readOnly, RefusalListener listener) {
		this(guestPath, root, readOnly, listener, new WasiCallHints());
	}

	ConfinedFileSystem(String guestPath, Path root, boolean readOnly, RefusalListener listener, WasiCallHints hints) {
		this.guestPath = guestPath;
		this.root = root;
		this.readOnly = readOnly;
		this.listener = listener;
		this.hints = hints;
	}

	/**
	 * What the session's WASI call in progress says of itself, shared by the session's
	 * file systems.
	 */
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
	 * Walk a path to the directory that holds its last name, one name at a time from the
	 * open root, never letting the operating system follow a link: each directory is
	 * opened relative to the one before without following links, each link is read and
	 * its target walked the same way, and any step above the root is refused. The
	 * directory returned is open, so an operation relative to it acts on the directory
	 * the walk checked, whatever is renamed or swapped meanwhile.
	 * @param path the path
	 * @param followLast whether a link in the last place is followed too
	 * @return the open directory and the name in it ({@code "."} for the directory
	 * itself); close it after use
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
					// read by name: a racer could only make the walk read another link's
					// text, and the walk
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
					// replaced since it was looked at: look again, a bounded number of
					// times
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

	/**
	 * The attributes of a name in a directory, its link not followed, or null if it does
	 * not exist.
	 */
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
	 * Refuse a link whose text would lead out when anyone follows it, the guest or a host
	 * process: the text is resolved as the kernel will resolve it, name by name from the
	 * link's own directory, following the links that exist (and the new link itself,
	 * where the text passes through its own name), and refused if any prefix lies above
	 * the root. The text must also be <em>descending</em>: its {@code ..} names, if any,
	 * come first. The names after them only go down, so no later change (a directory
	 * replaced by a link, a link made elsewhere) can make the text climb out; only moving
	 * the link, or a directory holding it, to a shallower place can, and
	 * {@link #checkLinksMoved} checks those moves.
	 * @param link where the link is made: its directory and name
	 * @param text the link's text
	 */
	void checkLinkText(Location link, Path text) throws IOException {
		Path host = link.directory().hostPath().resolve(link.name());
		List<String> names;
		if (text.isAbsolute()) {
			if (!text.startsWith(this.root)) {
				throw refuse(Refusal.ESCAPE, host);
			}
			names = names(relativeToRoot(text));
		}
		else {
			names = names(text);
		}
		if (!isDescending(names)) {
			throw refuse(Refusal.ESCAPE, host);
		}
		walkLinkText(link, text, true, host);
	}

	/**
	 * Return the text of an existing link as the guest may see it: relative, and only if
	 * following it stays inside. An absolute text naming a place inside (a link the host
	 * planted) is shown relative to the link's directory, so no host path reaches the
	 * guest.
	 * @param link the link's directory and name
	 * @param text the link's text on the host
	 * @return the text to show
	 * @throws IOException a refusal if following the text leads out
	 */
	Path visibleLinkText(Location link, Path text) throws IOException {
		Path host = link.directory().hostPath().resolve(link.name());
		Path shown = text;
		if (text.isAbsolute()) {
			if (!text.startsWith(this.root)) {
				throw refuse(Refusal.ESCAPE, host);
			}
			StringBuilder relative = new StringBuilder();
			for (int i = 0; i < link.directory().depth(); i++) {
				relative.append("../");
			}
			String below = relativeToRoot(text).toString();
			relative.append(below.isEmpty() ? "." : below);
			shown = text.getFileSystem().getPath(relative.toString());
		}
		walkLinkText(link, shown, false, host);
		return shown;
	}

	/**
	 * Refuse moving a directory to a shallower place if a link below it would then lead
	 * out: a descending link text climbs as many directories as it has leading {@code ..}
	 * names, and must still find the root above it; a link the host planted with any
	 * other text cannot be judged without following it, so the move is refused. At most
	 * {@value #MAX_CHECKED_ENTRIES} entries are looked at; a larger tree is not moved.
	 * @param moved the directory moved: its directory and name
	 * @param newDepth how many directories below the root its entries will lie
	 */
	void checkLinksMoved(Location moved, int newDepth) throws IOException {
		Path host = moved.directory().hostPath().resolve(moved.name());
		Deque<DirectoryHandle> pending = new ArrayDeque<>();
		Deque<Integer> depths = new ArrayDeque<>();
		pending.push(moved.directory().child(moved.name()));
		depths.push(newDepth);
		int checked = 0;
		try {
			while (!pending.isEmpty()) {
				try (DirectoryHandle directory = pending.pop()) {
					int depth = depths.pop();
					for (Path entry : directory.stream()) {
						String name = entry.getFileName().toString();
						if (++checked > MAX_CHECKED_ENTRIES) {
							throw refuse(Refusal.ESCAPE, host);
						}
						BasicFileAttributes attributes = stat(directory, name);
						if (attributes == null) {
							continue;
						}
						if (attributes.isDirectory()) {
							pending.push(directory.child(name));
							depths.push(depth + 1);
						}
						else if (attributes.isSymbolicLink()
								&& !staysInside(Files.readSymbolicLink(directory.entry(name)), depth)) {
							throw refuse(Refusal.ESCAPE, host);
						}
					}
				}
			}
		}
		finally {
			pending.forEach(DirectoryHandle::close);
		}
	}

	// a text that is absolute and inside, or descending and climbing no higher than the
	// root, from a directory
	// this deep
	private boolean staysInside(Path text, int depth) {
		if (text.isAbsolute()) {
			return text.startsWith(this.root) && text.normalize().equals(text);
		}
		List<String> names = names(text);
		if (!isDescending(names)) {
			return false;
		}
		int climbs = 0;
		while (climbs < names.size() && names.get(climbs).equals("..")) {
			climbs++;
		}
		return climbs <= depth;
	}

	private static boolean isDescending(List<String> names) {
		boolean descending = false;
		for (String name : names) {
			if (!name.equals("..")) {
				descending = true;
			}
			else if (descending) {
				return false;
			}
		}
		return true;
	}

	private Path relativeToRoot(Path absolute) {
		int rootNames = this.root.getNameCount();
		return (absolute.getNameCount() > rootNames) ? absolute.subpath(rootNames, absolute.getNameCount())
				: absolute.getFileSystem().getPath("");
	}

	/**
	 * Resolve a link's text as the kernel will, from the link's directory, without
	 * opening anything it names but directories, and refuse it if any prefix lies above
	 * the root. The walk stops where nothing more can be resolved now: a name that does
	 * not exist or is not a directory, or a loop of links (the kernel answers those with
	 * an error, and a descending text cannot climb out through what is made there later).
	 */
	private void walkLinkText(Location link, Path text, boolean isNew, Path reported) throws IOException {
		Set<DirectoryHandle> borrowed = Collections.newSetFromMap(new IdentityHashMap<>());
		borrowed.addAll(link.opened());
		Deque<DirectoryHandle> walked = new ArrayDeque<>(link.opened());
		Object linkDirectory = isNew ? fileKey(link.directory()) : null;
		Deque<String> names = new ArrayDeque<>();
		int links = 0;
		try {
			pushText(text, names, walked, borrowed, reported);
			while (!names.isEmpty()) {
				String name = names.removeFirst();
				if (name.equals("..")) {
					if (walked.size() == 1) {
						throw refuse(Refusal.ESCAPE, reported);
					}
					leave(walked.pop(), borrowed);
					continue;
				}
				DirectoryHandle directory = walked.peek();
				Path target;
				if (linkDirectory != null && name.equals(link.name())
						&& (directory == link.directory() || linkDirectory.equals(fileKey(directory)))) {
					// the new link itself, which the kernel will follow once it exists
					target = text;
				}
				else {
					BasicFileAttributes attributes = stat(directory, name);
					if (attributes == null || !(attributes.isDirectory() || attributes.isSymbolicLink())) {
						return;
					}
					if (attributes.isDirectory()) {
						if (names.isEmpty()) {
							return;
						}
						walked.push(directory.child(name));
						continue;
					}
					target = Files.readSymbolicLink(directory.entry(name));
				}
				if (++links > MAX_LINKS) {
					return;
				}
				pushText(target, names, walked, borrowed, reported);
			}
		}
		finally {
			while (!walked.isEmpty()) {
				leave(walked.pop(), borrowed);
			}
		}
	}

	// the names of a link's text go first; an absolute text starts again from the root
	private void pushText(Path text, Deque<String> names, Deque<DirectoryHandle> walked, Set<DirectoryHandle> borrowed,
			Path reported) throws IOException {
		List<String> textNames;
		if (text.isAbsolute()) {
			if (!text.startsWith(this.root)) {
				throw refuse(Refusal.ESCAPE, reported);
			}
			while (walked.size() > 1) {
				leave(walked.pop(), borrowed);
			}
			textNames = names(relativeToRoot(text));
		}
		else {
			textNames = names(text);
		}
		for (int i = textNames.size() - 1; i >= 0; i--) {
			names.addFirst(textNames.get(i));
		}
	}

	private static void leave(DirectoryHandle directory, Set<DirectoryHandle> borrowed) {
		if (!borrowed.contains(directory)) {
			directory.close();
		}
	}

	private static Object fileKey(DirectoryHandle directory) throws IOException {
		return directory.stream().getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
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
	 * Where a walk ended: an open directory and a name in it. Closing it closes the
	 * directories the walk opened (the root stays open for the file system's life).
	 */
	record Location(DirectoryHandle directory, String name, Deque<DirectoryHandle> opened) implements AutoCloseable {

		Path nameAsPath() {
			return Path.of(this.name);
		}

		/**
		 * A host path naming the entry in this very directory, for operations without a
		 * relative form.
		 */
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
	 * Record a refusal and return the exception that stops the operation. An escape looks
	 * like a missing file, so that the WASI implementation treats a link leading out like
	 * a dangling one (a directory listing skips it); the session reports it to the guest
	 * as a permission error.
	 */
	public IOException refuse(Refusal refusal, Path hostPath) {
		this.listener.refused(refusal, this, hostPath);
		return switch (refusal) {
			case ESCAPE ->
				new NoSuchFileException(hostPath.toString(), null, "leads outside WASI directory " + this.guestPath);
			case READ_ONLY -> new AccessDeniedException(hostPath.toString(), null,
					"WASI directory " + this.guestPath + " is read-only");
		};
	}

	@Override
	public ConfinedFileSystemProvider provider() {
		return ConfinedFileSystemProvider.INSTANCE;
	}

	/**
	 * Closes the open root; every channel belongs to its own descriptor and is closed
	 * with it.
	 */
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
