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
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.ValType;
import org.jspecify.annotations.Nullable;

/**
 * Wraps the engine's WASI preview 1 functions where they answer differently from what
 * preview 1 and POSIX say, so that programs built against wasi-libc or Rust's standard
 * library see what they expect:
 * <ul>
 * <li>{@code fd_fdstat_set_rights} drops rights (it is missing from the engine): they
 * show in {@code fd_fdstat_get}, a call needing a dropped right fails with
 * {@code ENOTCAPABLE}, and a file opened from a directory gets no more than the
 * directory's inheriting rights;</li>
 * <li>{@code APPEND} works with reading and with {@code TRUNC}, and
 * {@code fd_fdstat_set_flags} turns it on and off ({@link AppendableFileChannel});</li>
 * <li>{@code path_filestat_set_times} without {@code SYMLINK_FOLLOW} sets a link's own
 * times;</li>
 * <li>{@code path_symlink} keeps the link's text as given, relative to the link's own
 * directory, and to a new name with a trailing slash fails with {@code ENOENT}, not
 * {@code EEXIST}; {@code path_readlink} returns the whole text, not its last name;</li>
 * <li>a failure the engine reports as {@code EIO} is reported as what it was:
 * {@code EEXIST} for a link made over a dangling link, {@code ENOTEMPTY} for a directory
 * renamed over a non-empty one, {@code ENOTSUP} for opening a FIFO, socket or device, and
 * so on.</li>
 * </ul>
 * One per session, confined to its thread.
 */
public final class WasiCorrections {

	// errno values of WASI preview 1
	static final int ESUCCESS = 0;

	static final int EACCES = 2;

	static final int EEXIST = 20;

	static final int EINVAL = 28;

	static final int EIO = 29;

	static final int EISDIR = 31;

	static final int ELOOP = 32;

	static final int ENAMETOOLONG = 37;

	static final int ENOENT = 44;

	static final int ENOSPC = 51;

	static final int ENOTDIR = 54;

	static final int ENOTEMPTY = 55;

	static final int ENOTSUP = 58;

	static final int EPERM = 63;

	static final int EXDEV = 75;

	static final int ENOTCAPABLE = 76;

	// flags
	private static final int FDFLAGS_APPEND = 1;

	private static final int LOOKUP_SYMLINK_FOLLOW = 1;

	private static final int OFLAGS_CREAT = 1;

	private static final int OFLAGS_TRUNC = 8;

	// rights
	private static final long FD_DATASYNC = 1L;

	private static final long FD_READ = 1L << 1;

	private static final long FD_SEEK = 1L << 2;

	private static final long FD_FDSTAT_SET_FLAGS = 1L << 3;

	private static final long FD_SYNC = 1L << 4;

	private static final long FD_TELL = 1L << 5;

	private static final long FD_WRITE = 1L << 6;

	private static final long FD_ADVISE = 1L << 7;

	private static final long FD_ALLOCATE = 1L << 8;

	private static final long PATH_CREATE_DIRECTORY = 1L << 9;

	private static final long PATH_CREATE_FILE = 1L << 10;

	private static final long PATH_LINK_SOURCE = 1L << 11;

	private static final long PATH_OPEN = 1L << 13;

	private static final long FD_READDIR = 1L << 14;

	private static final long PATH_READLINK = 1L << 15;

	private static final long PATH_RENAME_SOURCE = 1L << 16;

	private static final long PATH_FILESTAT_GET = 1L << 18;

	private static final long PATH_FILESTAT_SET_SIZE = 1L << 19;

	private static final long PATH_FILESTAT_SET_TIMES = 1L << 20;

	private static final long FD_FILESTAT_GET = 1L << 21;

	private static final long FD_FILESTAT_SET_SIZE = 1L << 22;

	private static final long FD_FILESTAT_SET_TIMES = 1L << 23;

	private static final long PATH_REMOVE_DIRECTORY = 1L << 25;

	private static final long PATH_UNLINK_FILE = 1L << 26;

	/** The right each function needs on the descriptor in its first argument. */
	private static final Map<String, Long> REQUIRED_RIGHTS = Map.ofEntries(Map.entry("fd_datasync", FD_DATASYNC),
			Map.entry("fd_read", FD_READ), Map.entry("fd_pread", FD_READ | FD_SEEK), Map.entry("fd_seek", FD_SEEK),
			Map.entry("fd_fdstat_set_flags", FD_FDSTAT_SET_FLAGS), Map.entry("fd_sync", FD_SYNC),
			Map.entry("fd_tell", FD_TELL), Map.entry("fd_write", FD_WRITE), Map.entry("fd_pwrite", FD_WRITE | FD_SEEK),
			Map.entry("fd_advise", FD_ADVISE), Map.entry("fd_allocate", FD_ALLOCATE),
			Map.entry("path_create_directory", PATH_CREATE_DIRECTORY), Map.entry("path_link", PATH_LINK_SOURCE),
			Map.entry("path_open", PATH_OPEN), Map.entry("fd_readdir", FD_READDIR),
			Map.entry("path_readlink", PATH_READLINK), Map.entry("path_rename", PATH_RENAME_SOURCE),
			Map.entry("path_filestat_get", PATH_FILESTAT_GET),
			Map.entry("path_filestat_set_times", PATH_FILESTAT_SET_TIMES),
			Map.entry("fd_filestat_get", FD_FILESTAT_GET), Map.entry("fd_filestat_set_size", FD_FILESTAT_SET_SIZE),
			Map.entry("fd_filestat_set_times", FD_FILESTAT_SET_TIMES),
			Map.entry("path_remove_directory", PATH_REMOVE_DIRECTORY), Map.entry("path_unlink_file", PATH_UNLINK_FILE));

	// the size of a fdstat and of a filestat in guest memory
	private static final int FDSTAT_SIZE = 24;

	private static final int FILESTAT_SIZE = 64;

	private final WasiCallHints hints;

	// what the engine does not keep of a descriptor: rights dropped, an appendable
	// channel
	private final Map<Integer, Descriptor> descriptors = new HashMap<>();

	WasiCorrections(WasiCallHints hints) {
		this.hints = hints;
	}

	/**
	 * Return whether a WASI function works on paths or descriptors and answers an errno:
	 * the ones the sandbox guards and corrects.
	 * @param function a WASI function
	 * @return whether it is one
	 */
	static boolean worksOnFiles(HostFunction function) {
		String name = function.name();
		return (name.startsWith("path_") || name.startsWith("fd_"))
				&& function.returnTypes().equals(List.of(ValType.I32));
	}

	/**
	 * Wrap one of the engine's WASI functions where needed.
	 * @param function the function, as the session links it
	 * @param others the session's other functions by name, as it links them, for the few
	 * corrections that call another function
	 * @return the function to link
	 */
	public HostFunction correct(HostFunction function, Function<String, HostFunction> others) {
		if (!worksOnFiles(function)) {
			return function;
		}
		String name = function.name();
		WasmFunctionHandle handle = function.handle();
		WasmFunctionHandle specific = switch (name) {
			case "path_open" -> (instance, args) -> pathOpen(instance, args, handle);
			case "fd_fdstat_get" -> (instance, args) -> fdstatGet(instance, args, handle);
			case "fd_fdstat_set_flags" -> (instance, args) -> fdstatSetFlags(instance, args, handle);
			case "fd_fdstat_set_rights" -> {
				WasmFunctionHandle fdstatGet = others.apply("fd_fdstat_get").handle();
				yield (instance, args) -> fdstatSetRights(instance, args, fdstatGet);
			}
			case "fd_close" -> (instance, args) -> fdClose(instance, args, handle);
			case "fd_renumber" -> (instance, args) -> fdRenumber(instance, args, handle);
			case "path_filestat_set_times" -> (instance, args) -> pathFilestatSetTimes(instance, args, handle);
			case "path_symlink" -> {
				WasmFunctionHandle filestatGet = others.apply("path_filestat_get").handle();
				yield (instance, args) -> pathSymlink(instance, args, handle, filestatGet);
			}
			case "path_readlink" -> (instance, args) -> pathReadlink(instance, args, handle);
			default -> handle;
		};
		return new HostFunction(function.module(), name, function.functionType(), checked(name, specific));
	}

	/**
	 * Checks the descriptor's rights, and reports a failure the engine called EIO as what
	 * it was.
	 */
	private WasmFunctionHandle checked(String name, WasmFunctionHandle handle) {
		long required = REQUIRED_RIGHTS.getOrDefault(name, 0L);
		return (instance, args) -> {
			if (required != 0 && !this.descriptors.isEmpty()) {
				Descriptor descriptor = this.descriptors.get((int) args[0]);
				if (descriptor != null && descriptor.rightsDropped && (descriptor.base & required) != required) {
					return result(ENOTCAPABLE);
				}
			}
			this.hints.clear();
			try {
				long[] results = handle.apply(instance, args);
				IOException failure = this.hints.failure;
				if (results[0] == EIO && failure != null) {
					return result(errno(failure));
				}
				return results;
			}
			finally {
				this.hints.clear();
			}
		};
	}

	/** The errno for a failure of the host's file system. */
	static int errno(IOException failure) {
		if (failure instanceof ConfinedFileSystemProvider.SpecialFileException) {
			return ENOTSUP;
		}
		if (failure instanceof FileAlreadyExistsException) {
			return EEXIST;
		}
		if (failure instanceof DirectoryNotEmptyException) {
			return ENOTEMPTY;
		}
		if (failure instanceof NotDirectoryException) {
			return ENOTDIR;
		}
		if (failure instanceof NoSuchFileException) {
			return ENOENT;
		}
		if (failure instanceof NotLinkException) {
			return EINVAL;
		}
		if (failure instanceof AccessDeniedException) {
			return EACCES;
		}
		String reason = (failure instanceof FileSystemException fileSystem) ? fileSystem.getReason() : null;
		if (reason == null) {
			return EIO;
		}
		// the JDK reports the other errors of the host with strerror's text only
		if (reason.startsWith("Too many levels of symbolic links")) {
			return ELOOP;
		}
		return switch (reason) {
			case "Is a directory" -> EISDIR;
			case "Not a directory" -> ENOTDIR;
			case "Directory not empty" -> ENOTEMPTY;
			case "File exists" -> EEXIST;
			case "File name too long" -> ENAMETOOLONG;
			case "Invalid argument" -> EINVAL;
			case "Operation not permitted" -> EPERM;
			case "Invalid cross-device link" -> EXDEV;
			case "No space left on device" -> ENOSPC;
			default -> EIO;
		};
	}

	// path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting,
	// fdflags, fd_ptr)
	private long[] pathOpen(Instance instance, long[] args, WasmFunctionHandle handle) {
		int oflags = (int) args[4];
		int fdflags = (int) args[7];
		Descriptor directory = this.descriptors.get((int) args[0]);
		if (directory != null && directory.rightsDropped) {
			long needed = (((oflags & OFLAGS_CREAT) != 0) ? PATH_CREATE_FILE : 0)
					| (((oflags & OFLAGS_TRUNC) != 0) ? PATH_FILESTAT_SET_SIZE : 0);
			if ((directory.base & needed) != needed) {
				return result(ENOTCAPABLE);
			}
		}
		// the engine cannot open for appending together with reading or truncating: the
		// channel appends instead
		long[] call = args.clone();
		call[7] = fdflags & ~FDFLAGS_APPEND;
		AppendableFileChannel opened;
		long[] results;
		this.hints.opening = true;
		try {
			results = handle.apply(instance, call);
		}
		finally {
			opened = this.hints.opened;
			this.hints.opening = false;
			this.hints.opened = null;
		}
		if (results[0] != ESUCCESS) {
			return results;
		}
		int fd = instance.memory().readInt((int) args[8]);
		Descriptor descriptor = new Descriptor();
		if (opened != null) {
			opened.setAppending((fdflags & FDFLAGS_APPEND) != 0);
			descriptor.channel = opened;
		}
		if (directory != null && directory.rightsDropped) {
			descriptor.rightsDropped = true;
			descriptor.base = args[5] & directory.inheriting;
			descriptor.inheriting = args[6] & directory.inheriting;
		}
		if (descriptor.channel != null || descriptor.rightsDropped) {
			this.descriptors.put(fd, descriptor);
		}
		else {
			this.descriptors.remove(fd);
		}
		return results;
	}

	// fd_fdstat_get(fd, buf): flags at +2 (u16), rights base at +8, inheriting at +16
	private long[] fdstatGet(Instance instance, long[] args, WasmFunctionHandle handle) {
		long[] results = handle.apply(instance, args);
		Descriptor descriptor = this.descriptors.get((int) args[0]);
		if (results[0] != ESUCCESS || descriptor == null) {
			return results;
		}
		Memory memory = instance.memory();
		int buf = (int) args[1];
		if (descriptor.channel != null && descriptor.channel.isAppending()) {
			memory.writeShort(buf + 2, (short) (memory.readShort(buf + 2) | FDFLAGS_APPEND));
		}
		if (descriptor.rightsDropped) {
			memory.writeLong(buf + 8, memory.readLong(buf + 8) & descriptor.base);
			memory.writeLong(buf + 16, memory.readLong(buf + 16) & descriptor.inheriting);
		}
		return results;
	}

	// fd_fdstat_set_flags(fd, flags): APPEND is the channel's; the engine keeps the rest
	private long[] fdstatSetFlags(Instance instance, long[] args, WasmFunctionHandle handle) {
		Descriptor descriptor = this.descriptors.get((int) args[0]);
		if (descriptor == null || descriptor.channel == null) {
			return handle.apply(instance, args);
		}
		long[] results = handle.apply(instance, new long[] { args[0], args[1] & ~FDFLAGS_APPEND });
		if (results[0] == ESUCCESS) {
			descriptor.channel.setAppending((args[1] & FDFLAGS_APPEND) != 0);
		}
		return results;
	}

	// fd_fdstat_set_rights(fd, rights_base, rights_inheriting): rights can only be
	// dropped
	private long[] fdstatSetRights(Instance instance, long[] args, WasmFunctionHandle fdstatGet) {
		int fd = (int) args[0];
		long[] current = new long[2];
		long errno = withScratch(instance.memory(), FDSTAT_SIZE, 0, 0, (memory, at) -> {
			long result = fdstatGet.apply(instance, fd, at)[0];
			current[0] = memory.readLong(at + 8);
			current[1] = memory.readLong(at + 16);
			return result;
		});
		if (errno != ESUCCESS) {
			return result((int) errno);
		}
		Descriptor descriptor = this.descriptors.computeIfAbsent(fd, (key) -> new Descriptor());
		long base = descriptor.rightsDropped ? descriptor.base : current[0];
		long inheriting = descriptor.rightsDropped ? descriptor.inheriting : current[1];
		if ((args[1] & ~base) != 0 || (args[2] & ~inheriting) != 0) {
			if (!descriptor.rightsDropped && descriptor.channel == null) {
				this.descriptors.remove(fd);
			}
			return result(ENOTCAPABLE);
		}
		descriptor.rightsDropped = true;
		descriptor.base = args[1];
		descriptor.inheriting = args[2];
		return result(ESUCCESS);
	}

	private long[] fdClose(Instance instance, long[] args, WasmFunctionHandle handle) {
		long[] results = handle.apply(instance, args);
		if (results[0] == ESUCCESS) {
			this.descriptors.remove((int) args[0]);
		}
		return results;
	}

	private long[] fdRenumber(Instance instance, long[] args, WasmFunctionHandle handle) {
		long[] results = handle.apply(instance, args);
		if (results[0] == ESUCCESS && args[0] != args[1]) {
			Descriptor moved = this.descriptors.remove((int) args[0]);
			this.descriptors.remove((int) args[1]);
			if (moved != null) {
				this.descriptors.put((int) args[1], moved);
			}
		}
		return results;
	}

	// path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags)
	private long[] pathFilestatSetTimes(Instance instance, long[] args, WasmFunctionHandle handle) {
		this.hints.noFollowTimes = (args[1] & LOOKUP_SYMLINK_FOLLOW) == 0;
		try {
			return handle.apply(instance, args);
		}
		finally {
			this.hints.noFollowTimes = false;
		}
	}

	// path_symlink(old_path, old_path_len, fd, new_path, new_path_len)
	private long[] pathSymlink(Instance instance, long[] args, WasmFunctionHandle handle,
			WasmFunctionHandle filestatGet) {
		Memory memory = instance.memory();
		String text = new String(memory.readBytes((int) args[0], (int) args[1]), StandardCharsets.UTF_8);
		long[] results;
		if (text.isEmpty() || text.startsWith("/")) {
			// the engine refuses these itself
			results = handle.apply(instance, args);
		}
		else {
			// the engine resolves the text against the descriptor's directory, and
			// refuses one that climbs
			// above it; a link keeps its text as written, relative to the link's own
			// directory, and the file
			// system checks where it leads from there. The engine is given "." in its
			// place.
			this.hints.symlinkText = text;
			try {
				results = new long[] {
						withScratch(memory, 1, (int) args[3], (int) (args[3] + args[4]), (scratch, at) -> {
							scratch.writeByte(at, (byte) '.');
							return handle.apply(instance, at, 1, args[2], args[3], args[4])[0];
						}) };
			}
			finally {
				this.hints.symlinkText = null;
			}
		}
		int path = (int) args[3];
		int length = (int) args[4];
		if (results[0] != EEXIST || length < 2 || memory.read(path + length - 1) != '/') {
			return results;
		}
		// a new name with a trailing slash: EEXIST only if the name exists, as POSIX's
		// symlink says
		int trimmed = length;
		while (trimmed > 1 && memory.read(path + trimmed - 1) == '/') {
			trimmed--;
		}
		int name = trimmed;
		long errno = withScratch(memory, FILESTAT_SIZE, path, path + length,
				(scratch, at) -> filestatGet.apply(instance, args[2], 0, path, name, at)[0]);
		return (errno == ENOENT) ? result(ENOENT) : results;
	}

	// path_readlink(fd, path, path_len, buf, buf_len, bufused_ptr): the whole text, not
	// its last name only
	private long[] pathReadlink(Instance instance, long[] args, WasmFunctionHandle handle) {
		long[] results = handle.apply(instance, args);
		String text = this.hints.linkText;
		if (results[0] != ESUCCESS || text == null) {
			return results;
		}
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		int used = (int) Math.min(bytes.length, args[4]);
		Memory memory = instance.memory();
		memory.write((int) args[3], bytes, 0, used);
		memory.writeI32((int) args[5], used);
		return results;
	}

	/**
	 * Run an engine function that writes its answer to guest memory on a scratch area,
	 * and put back what the area held: the guest never sees it. The area avoids the
	 * guest's own argument bytes.
	 */
	private static long withScratch(Memory memory, int size, int avoidFrom, int avoidTo, ScratchCall call) {
		int at = (avoidTo <= 0 || avoidFrom >= size) ? 0 : avoidTo;
		byte[] saved = memory.readBytes(at, size);
		try {
			return call.apply(memory, at);
		}
		finally {
			memory.write(at, saved);
		}
	}

	private static long[] result(int errno) {
		return new long[] { errno };
	}

	@FunctionalInterface
	private interface ScratchCall {

		long apply(Memory memory, int at);

	}

	/** What the engine does not keep of one descriptor. */
	private static final class Descriptor {

		boolean rightsDropped;

		long base;

		long inheriting;

		@Nullable AppendableFileChannel channel;

	}

}
