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

package dev.wasmspring.runtime.compile;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.internal.compile.CodeDirectory;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.compile.ContentDigest;
import dev.wasmspring.runtime.internal.compile.ModuleCompiler;
import dev.wasmspring.runtime.module.WasmEngine;
import org.jspecify.annotations.Nullable;

/**
 * Compiled modules by content digest and engine, shared by any number of
 * {@link WasmRuntime runtimes} in one JVM (for example the application contexts a test
 * suite keeps alive). Thread-safe: concurrent requests for the same bytes wait on a
 * single compilation, and every requester gets its own {@link CompiledModule} handle. An
 * artifact stays in the cache while at least one handle is open and is dropped when the
 * last one closes; closing one runtime's handles never affects another's.
 */
public final class CompilationCache {

	private static final CompilationCache SHARED = new CompilationCache();

	private static final ConcurrentHashMap<Path, CompilationCache> SHARED_BY_DIRECTORY = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

	private final @Nullable CodeDirectory codeDirectory;

	private CompilationCache() {
		this(null);
	}

	private CompilationCache(@Nullable CodeDirectory codeDirectory) {
		this.codeDirectory = codeDirectory;
	}

	/**
	 * Create an empty cache of its own.
	 * @return the cache
	 */
	public static CompilationCache create() {
		return new CompilationCache();
	}

	/**
	 * Create an empty cache of its own that also keeps compiled code in a directory, so
	 * that a restarted application loads it instead of compiling again. Whoever can write
	 * to the directory can run code in the application: keep it private to the
	 * application.
	 * @param directory the directory, created if needed
	 * @return the cache
	 */
	public static CompilationCache create(Path directory) {
		return new CompilationCache(new CodeDirectory(directory));
	}

	/**
	 * Return the cache shared by every runtime in this JVM that keeps compiled code in
	 * the given directory, creating it on first use.
	 * @param directory the directory
	 * @return the shared cache of that directory
	 */
	public static CompilationCache shared(Path directory) {
		return SHARED_BY_DIRECTORY.computeIfAbsent(directory.toAbsolutePath().normalize(), CompilationCache::create);
	}

	/**
	 * Return the cache shared by every runtime in this JVM that does not bring its own.
	 * @return the shared cache
	 */
	public static CompilationCache shared() {
		return SHARED;
	}

	/**
	 * Parse and compile bytes, or reuse the artifact already compiled from the same bytes
	 * for the same engine.
	 * @param bytes the module's bytes
	 * @param engine the engine
	 * @param moduleName the name to use in error messages, or {@code null}
	 * @param location the location to use in error messages
	 * @return a new handle, to be closed by the caller
	 * @throws WasmModuleLoadException if the bytes are not a valid module
	 */
	public CompiledModule compile(byte[] bytes, WasmEngine engine, @Nullable String moduleName, String location) {
		return compile(bytes, sha256(bytes), engine, moduleName, location);
	}

	CompiledModule compile(byte[] bytes, String digest, WasmEngine engine, @Nullable String moduleName,
			String location) {
		Key key = new Key(digest, engine);
		for (;;) {
			Entry entry = this.entries.computeIfAbsent(key, Entry::new);
			if (!entry.retain()) {
				// released concurrently; it is leaving the map, so try again with a fresh
				// entry
				this.entries.remove(key, entry);
				continue;
			}
			boolean built = entry.claimCompilation();
			if (built) {
				try {
					entry.result.complete(build(entry, bytes, digest, engine, moduleName, location));
				}
				catch (Throwable ex) {
					entry.result.completeExceptionally(ex);
				}
			}
			try {
				return new CompiledModule(this, entry, entry.result.join(), built);
			}
			catch (CompletionException ex) {
				release(entry);
				this.entries.remove(key, entry);
				Throwable cause = ex.getCause();
				if (cause instanceof WasmModuleLoadException loadFailure) {
					// rethrown with this caller's module name and location
					throw new WasmModuleLoadException(moduleName, location, loadFailure.getReason(),
							loadFailure.getDetail(), loadFailure.getCause());
				}
				if (cause instanceof Error error) {
					// the JVM's failure, not the module's: it reaches the caller as it is
					throw error;
				}
				throw (cause instanceof RuntimeException runtime) ? runtime : new IllegalStateException(cause);
			}
		}
	}

	private CompiledArtifact build(Entry entry, byte[] bytes, String digest, WasmEngine engine,
			@Nullable String moduleName, String location) {
		// counted on the entry, so that the counts leave the cache with the artifact they
		// describe
		ModuleCompiler.Outcome outcome = new ModuleCompiler.Outcome() {

			@Override
			public void report(boolean loadedFromDirectory, boolean parsedFully) {
				entry.loadedFromDirectory = loadedFromDirectory;
				entry.parsedFully = parsedFully;
			}

			@Override
			public void reportBuildTime() {
				entry.loadedAtBuildTime = true;
				entry.parsedFully = false;
			}

		};
		CompiledArtifact artifact = ModuleCompiler.compile(bytes, digest, engine, moduleName, location,
				this.codeDirectory, outcome);
		entry.built = true;
		return artifact;
	}

	/**
	 * Return how many of the artifacts held for bytes with the given digest (one per
	 * engine) were loaded from the cache's directory instead of compiled.
	 * @param digest the SHA-256 digest, in hex
	 * @return the number of loads
	 */
	public long directoryLoads(String digest) {
		return count(digest, true);
	}

	/**
	 * Return how many of the artifacts held for bytes with the given digest (one per
	 * engine) took code compiled when the application was built, found on the class path,
	 * instead of compiling.
	 * @param digest the SHA-256 digest, in hex
	 * @return the number of loads
	 */
	public long buildTimeLoads(String digest) {
		long count = 0;
		for (Entry entry : this.entries.values()) {
			if (entry.key.digest.equals(digest) && entry.built && entry.loadedAtBuildTime) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Return how many of the artifacts held for bytes with the given digest were loaded
	 * from code the cache's directory wrote for those bytes, without validating them
	 * again or decoding their function bodies.
	 */
	long directoryLoadsWithoutParsingCode(String digest) {
		long count = 0;
		for (Entry entry : this.entries.values()) {
			if (entry.key.digest.equals(digest) && entry.built && entry.loadedFromDirectory && !entry.parsedFully) {
				count++;
			}
		}
		return count;
	}

	private long count(String digest, boolean loadedFromDirectory) {
		long count = 0;
		for (Entry entry : this.entries.values()) {
			if (entry.key.digest.equals(digest) && entry.built && !entry.loadedAtBuildTime
					&& entry.loadedFromDirectory == loadedFromDirectory) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Return the directory compiled code is kept in, if any.
	 * @return the directory, or {@code null}
	 */
	public @Nullable Path codeDirectory() {
		return (this.codeDirectory != null) ? this.codeDirectory.directory() : null;
	}

	void release(Entry entry) {
		if (entry.release()) {
			this.entries.remove(entry.key, entry);
		}
	}

	/**
	 * Return how many artifacts the cache holds.
	 * @return the number of artifacts
	 */
	public int size() {
		return this.entries.size();
	}

	/**
	 * Return how many of the artifacts held for bytes with the given digest (one per
	 * engine) were compiled by this cache. Only artifacts the cache holds are counted:
	 * once the last handle on one is closed, its count goes with it, so a long-running
	 * application's counts stay as small as its set of modules.
	 * @param digest the SHA-256 digest, in hex
	 * @return the number of compilations
	 */
	public long compilations(String digest) {
		return count(digest, false);
	}

	/**
	 * Return the number of compilations per digest, of the artifacts the cache holds.
	 * @return the counts, sorted by digest
	 */
	public Map<String, Long> compilations() {
		Map<String, Long> counts = new TreeMap<>();
		for (Entry entry : this.entries.values()) {
			if (entry.built && !entry.loadedFromDirectory && !entry.loadedAtBuildTime) {
				counts.merge(entry.key.digest, 1L, Long::sum);
			}
		}
		return counts;
	}

	/**
	 * Return whether an artifact for the digest is held, for any engine.
	 * @param digest the digest
	 * @return whether it is held
	 */
	public boolean contains(String digest) {
		return this.entries.keySet().stream().anyMatch((key) -> key.digest.equals(digest));
	}

	/**
	 * Return the SHA-256 digest of module bytes, in lower-case hex: the digest modules
	 * are cached and pinned by.
	 * @param bytes the module bytes
	 * @return the digest
	 */
	public static String sha256(byte[] bytes) {
		return ContentDigest.sha256(bytes);
	}

	record Key(String digest, WasmEngine engine) {

		@Override
		public boolean equals(@Nullable Object other) {
			// written out: a record's generated equals and hashCode link through a
			// bootstrap
			// method whose first use costs a fresh JVM tens of milliseconds
			return this == other
					|| (other instanceof Key key && this.digest.equals(key.digest) && this.engine == key.engine);
		}

		@Override
		public int hashCode() {
			return 31 * this.digest.hashCode() + this.engine.hashCode();
		}

	}

	static final class Entry {

		final Key key;

		final CompletableFuture<CompiledArtifact> result = new CompletableFuture<>();

		private int references;

		private boolean released;

		private boolean compilationClaimed;

		// written by the compiling thread before the result completes, read after
		volatile boolean built;

		volatile boolean loadedFromDirectory;

		volatile boolean loadedAtBuildTime;

		volatile boolean parsedFully = true;

		Entry(Key key) {
			this.key = key;
		}

		synchronized boolean retain() {
			if (this.released) {
				return false;
			}
			this.references++;
			return true;
		}

		/** Returns whether this was the last reference. */
		synchronized boolean release() {
			if (this.released) {
				return false;
			}
			if (--this.references == 0) {
				this.released = true;
				return true;
			}
			return false;
		}

		synchronized boolean claimCompilation() {
			if (this.compilationClaimed) {
				return false;
			}
			this.compilationClaimed = true;
			return true;
		}

	}

}
