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
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.internal.wasi.ConfinedFileSystem.Refusal;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The preopened directories of one WASI session, each a {@link ConfinedFileSystem}, and
 * the guard that reports their refusals to the guest: a WASI call that failed because a
 * path led outside its directory returns {@code EPERM}, one that would have changed a
 * read-only directory {@code EROFS}, a write through a descriptor opened for reading
 * {@code EBADF}, an open beyond {@link WasiConfig#maxOpenFiles()} {@code EMFILE}, one
 * beyond what the guests of the whole runtime may hold ({@link WasiOpenFiles})
 * {@code ENFILE}; the first {@value #MAX_LOGGED_REFUSALS} refusals of an instance are
 * logged to the module's logger, the rest summed up when it closes. Confined to the
 * instance's thread like its session; closed with it.
 */
public final class WasiDirectories implements ConfinedFileSystem.RefusalListener, AutoCloseable {

	// errno values of WASI preview 1 (wasi_snapshot_preview1's errno enum)
	private static final int ESUCCESS = 0;

	private static final int EPERM = 63;

	private static final int EROFS = 69;

	private static final int EBADF = 8;

	private static final int EMFILE = 33;

	private static final int ENFILE = 41;

	/**
	 * How many refusals an instance logs one by one; the rest are counted and summed up
	 * when it closes.
	 */
	public static final int MAX_LOGGED_REFUSALS = 10;

	private final String moduleName;

	private final Logger logger;

	private final Map<String, ConfinedFileSystem> fileSystems = new LinkedHashMap<>();

	// the first refusal of the WASI call in progress
	private @Nullable Refusal refusal;

	private @Nullable ConfinedFileSystem refusedIn;

	private @Nullable Path refusedPath;

	private final int maxOpenFiles;

	private final WasiOpenFiles runtimeFiles;

	private int openFiles;

	private int logged;

	private long suppressed;

	private WasiDirectories(String moduleName, WasiConfig config, Logger logger, WasiCallHints hints,
			WasiOpenFiles runtimeFiles) {
		this.moduleName = moduleName;
		this.logger = logger;
		this.maxOpenFiles = config.maxOpenFiles();
		this.runtimeFiles = runtimeFiles;
		config.directories().forEach((guestPath, directory) -> {
			Path host = hostPath(directory);
			try {
				host = host.toRealPath();
			}
			catch (IOException ex) {
				// removed since the module was loaded: the guest finds it empty and
				// cannot create it
			}
			this.fileSystems.put(guestPath, new ConfinedFileSystem(guestPath, host, directory.readOnly(), this, hints));
		});
	}

	/**
	 * Open the directories of a new session.
	 * @param moduleName the module, for log messages
	 * @param config the sandbox
	 * @param logger the module's logger
	 * @param hints what the session's WASI call in progress says of itself
	 * @param runtimeFiles the files the guests of the whole runtime hold open
	 * @return the directories
	 */
	static WasiDirectories open(String moduleName, WasiConfig config, Logger logger, WasiCallHints hints,
			WasiOpenFiles runtimeFiles) {
		return new WasiDirectories(moduleName, config, logger, hints, runtimeFiles);
	}

	/**
	 * Return the directory to preopen under each guest path.
	 * @return the directories, in configuration order
	 */
	public Map<String, Path> preopens() {
		Map<String, Path> preopens = new LinkedHashMap<>();
		this.fileSystems.forEach((guestPath, fileSystem) -> preopens.put(guestPath, fileSystem.rootPath()));
		return preopens;
	}

	/**
	 * Check at load time that every configured directory can be used, so that a wrong
	 * path fails the module's definition instead of each guest's file access.
	 * @param definition the module
	 * @throws WasmModuleLoadException if a directory does not exist, is not a directory,
	 * or is read-only inside a writable one
	 */
	public static void check(WasmModuleDefinition definition) {
		WasiConfig wasi = definition.wasi();
		if (!wasi.isEnabled() || wasi.directories().isEmpty()) {
			return;
		}
		Map<String, Path> realPaths = new LinkedHashMap<>();
		wasi.directories().forEach((guestPath, directory) -> {
			Path host = hostPath(directory);
			if (!Files.isDirectory(host)) {
				throw unusable(definition, "WASI directory '" + guestPath + "' maps to " + host + ", which "
						+ (Files.exists(host) ? "is not a directory" : "does not exist"));
			}
			try {
				realPaths.put(guestPath, host.toRealPath());
			}
			catch (IOException ex) {
				throw unusable(definition,
						"WASI directory '" + guestPath + "' maps to " + host + ", which cannot be read (" + ex + ")");
			}
		});
		wasi.directories().forEach((readOnlyPath, readOnly) -> {
			if (!readOnly.readOnly()) {
				return;
			}
			wasi.directories().forEach((writablePath, writable) -> {
				if (!writable.readOnly() && realPaths.get(readOnlyPath).startsWith(realPaths.get(writablePath))) {
					throw unusable(definition,
							"read-only WASI directory '" + readOnlyPath + "' (" + realPaths.get(readOnlyPath)
									+ ") lies inside writable WASI directory '" + writablePath + "' ("
									+ realPaths.get(writablePath) + "), through which the guest could change it; "
									+ "make '" + writablePath + "' read-only as well or map '" + readOnlyPath
									+ "' to a directory outside it");
				}
			});
		});
	}

	private static WasmModuleLoadException unusable(WasmModuleDefinition definition, String detail) {
		return new WasmModuleLoadException(definition.name(), definition.source().location(), Reason.BAD_WASI_DIRECTORY,
				detail, null);
	}

	public static Path hostPath(WasiConfig.Directory directory) {
		return directory.hostPath().toAbsolutePath().normalize();
	}

	/**
	 * Wrap a WASI function that works on paths or descriptors so that a call failing
	 * because of a refusal reports it; the others, and all of them when no directory is
	 * configured, are returned unchanged.
	 * @param function a WASI function
	 * @return the function to link
	 */
	public HostFunction guard(HostFunction function) {
		if (this.fileSystems.isEmpty() || !WasiCorrections.worksOnFiles(function)) {
			return function;
		}
		return new HostFunction(function.module(), function.name(), function.functionType(),
				reportRefusals(function.name(), function.handle()));
	}

	private WasmFunctionHandle reportRefusals(String name, WasmFunctionHandle handle) {
		boolean opens = name.equals("path_open");
		boolean closes = name.equals("fd_close") || name.equals("fd_renumber");
		return (instance, args) -> {
			if (opens && this.openFiles >= this.maxOpenFiles) {
				refusedQuietly(name, "the guest holds " + this.openFiles + " files open, its limit");
				return new long[] { EMFILE };
			}
			if (opens && !this.runtimeFiles.tryOpen()) {
				refusedQuietly(name, "the guests of all modules hold " + this.runtimeFiles.limit()
						+ " files open, the runtime's limit (" + this.runtimeFiles.settingName() + ")");
				return new long[] { ENFILE };
			}
			this.refusal = null;
			long[] results = null;
			try {
				results = handle.apply(instance, args);
			}
			catch (NonWritableChannelException | NonReadableChannelException ex) {
				// a descriptor opened for reading only (always so in a read-only
				// directory) used to write
				refusedQuietly(name, "the descriptor is not open for that");
				return new long[] { EBADF };
			}
			finally {
				if (opens && (results == null || results[0] != ESUCCESS)) {
					this.runtimeFiles.closed(1);
				}
			}
			if (results[0] == ESUCCESS) {
				if (opens) {
					this.openFiles++;
				}
				else if (closes && this.openFiles > 0) {
					this.openFiles--;
					this.runtimeFiles.closed(1);
				}
			}
			Refusal refusal = this.refusal;
			if (refusal == null) {
				return results;
			}
			this.refusal = null;
			if (results[0] == ESUCCESS) {
				// refused on the way but done another way, like a listing that skips a
				// link leading out
				return results;
			}
			log(name, refusal);
			return new long[] { (refusal == Refusal.ESCAPE) ? EPERM : EROFS };
		};
	}

	private void refusedQuietly(String function, String why) {
		if (this.logged < MAX_LOGGED_REFUSALS) {
			this.logged++;
			this.logger.warn("Refused {} for WASM module '{}': {}", function, this.moduleName, why);
		}
		else {
			this.suppressed++;
		}
	}

	// the first refusals of an instance are logged in full, the rest counted and summed
	// up when it closes
	private void log(String function, Refusal refusal) {
		if (this.logged >= MAX_LOGGED_REFUSALS) {
			this.suppressed++;
			return;
		}
		this.logged++;
		ConfinedFileSystem fileSystem = this.refusedIn;
		Path host = this.refusedPath;
		if (refusal == Refusal.READ_ONLY) {
			this.logger.warn("Refused {} of {} for WASM module '{}' (host path {}): WASI directory {} is read-only",
					function, guestPath(fileSystem, host), this.moduleName, host, fileSystem.guestPath());
		}
		else if (host.startsWith(fileSystem.root())) {
			this.logger.warn("Refused {} of {} for WASM module '{}' (host path {}): it leads outside WASI directory {}",
					function, guestPath(fileSystem, host), this.moduleName, host, fileSystem.guestPath());
		}
		else {
			this.logger.warn("Refused {} for WASM module '{}': host path {} lies outside WASI directory {}", function,
					this.moduleName, host, fileSystem.guestPath());
		}
	}

	/**
	 * Closes the open directories and sums up the refusals that were not logged one by
	 * one.
	 */
	@Override
	public void close() {
		this.fileSystems.values().forEach(ConfinedFileSystem::close);
		// the session closes every descriptor the guest left open
		this.runtimeFiles.closed(this.openFiles);
		this.openFiles = 0;
		if (this.suppressed > 0) {
			this.logger.warn(
					"Refused {} more WASI operations of an instance of WASM module '{}' without logging "
							+ "each (only the first {} of an instance are logged)",
					this.suppressed, this.moduleName, MAX_LOGGED_REFUSALS);
			this.suppressed = 0;
		}
	}

	private static String guestPath(ConfinedFileSystem fileSystem, Path host) {
		Path relative = fileSystem.root().relativize(host);
		return relative.toString().isEmpty() ? fileSystem.guestPath() : fileSystem.guestPath() + "/" + relative;
	}

	@Override
	public void refused(Refusal refusal, ConfinedFileSystem fileSystem, Path hostPath) {
		if (this.refusal == null) {
			this.refusal = refusal;
			this.refusedIn = fileSystem;
			this.refusedPath = hostPath;
		}
	}

}
