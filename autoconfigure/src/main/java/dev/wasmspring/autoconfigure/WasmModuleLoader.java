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

package dev.wasmspring.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ResourceLoader;
import org.springframework.util.unit.DataSize;

/**
 * Loads the modules configured under {@code wasm.modules} into the runtime, at startup
 * and again when their source changes, and remembers each module's
 * {@link WasmModuleStatus}. A reload reads the source, compares its digest with the
 * served version's, and only then compiles the new bytes and swaps them in; a reload that
 * fails leaves the previous version serving and is recorded in the module's status.
 * <p>
 * Locations are shown with their password {@linkplain ModuleSource#redact(String)
 * redacted}; an http(s) location is read with a deadline on every read
 * ({@code wasm.location-timeout}) and every source stops at {@code wasm.max-module-size}
 * plus one byte. Health and the endpoint report the digest and size of the bytes that
 * were loaded; nothing reads a source again to describe it.
 * <p>
 * Thread-safe: each module's reloads are serialized by a lock of its own, so a slow
 * source delays only its own module; a reload waits for another reload of the same module
 * at most {@code wasm.location-timeout}. Statuses may be read from any thread at any
 * time. One per application context, which owns it.
 */
public final class WasmModuleLoader {

	private static final Log logger = LogFactory.getLog(WasmModuleLoader.class);

	private final WasmRuntime runtime;

	private final WasmProperties properties;

	private final ResourceLoader resourceLoader;

	private final Clock clock;

	private final Map<String, WasmModuleStatus> statuses = new ConcurrentHashMap<>();

	private final List<Consumer<WasmReloadOutcome>> reloadListeners = new CopyOnWriteArrayList<>();

	private final Map<String, ReentrantLock> reloadLocks = new ConcurrentHashMap<>();

	// the files each module's Extism manifest named relative to it, as they were resolved
	private final Map<String, java.util.Set<Path>> linkedFiles = new ConcurrentHashMap<>();

	private final java.util.Set<String> lazy = ConcurrentHashMap.newKeySet();

	WasmModuleLoader(WasmRuntime runtime, WasmProperties properties, ResourceLoader resourceLoader, Clock clock) {
		this.runtime = runtime;
		this.properties = properties;
		this.resourceLoader = resourceLoader;
		this.clock = clock;
	}

	/**
	 * Load every configured module, compiling them in parallel; either all load or the
	 * startup fails.
	 */
	synchronized void loadAll() {
		CompilationCache cache = this.runtime.compilationCache();
		List<Loading> loadings = new ArrayList<>();
		List<WasmModuleDefinition> definitions = new ArrayList<>();
		this.properties.getModules().forEach((name, module) -> {
			if (module.isLazy()) {
				// read, compiled and linked on its first use
				this.runtime.defineLazily(WasmModuleDefinitions.from(name, module, source(name, module)));
				this.lazy.add(name);
				return;
			}
			String location = WasmModuleDefinitions.location(name, module);
			ModuleSource source = source(name, module);
			Loading loading = new Loading(name, source.location(), this.runtime);
			loadings.add(loading);
			definitions.add(WasmModuleDefinitions.from(name, module,
					ModuleSource.of(location, () -> loading.read(() -> source.read(maxModuleSize())))
						.withResolver(source::resolve)
						.withLocationTimeout(this.properties.getLocationTimeout())));
		});
		if (definitions.isEmpty()) {
			return;
		}
		long started = System.nanoTime();
		this.runtime.defineAll(definitions);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		Instant now = this.clock.instant();
		for (Loading loading : loadings) {
			WasmModuleStatus status = new WasmModuleStatus(loading.name, loading.location, loading.digest, loading.size,
					loading.origin(), now, elapsed, null);
			this.statuses.put(loading.name, status);
			logLoaded(status, (loadings.size() > 1) ? " (with " + (loadings.size() - 1) + " other modules)" : "");
		}
	}

	/**
	 * Read a module's source again and, if its bytes changed, compile and swap them in.
	 * @param name the module's name
	 * @return the outcome, also recorded in the module's status
	 * @throws IllegalArgumentException if no module of that name is configured
	 */
	public WasmReloadOutcome reload(String name) {
		WasmProperties.Module module = module(name);
		if (module == null) {
			throw new IllegalArgumentException(
					"No WASM module '" + name + "' is configured; configured modules: " + configuredNames());
		}
		return locked(name, () -> reload(name, module, false));
	}

	/**
	 * Define a module again from new properties, even if its bytes did not change (its
	 * limits or pin may have), or define it for the first time. Used when the
	 * configuration changes at run time; the properties become those the module is
	 * reloaded from afterwards.
	 * @param name the module's name
	 * @param module its properties
	 * @return the outcome, also recorded in the module's status
	 */
	WasmReloadOutcome redefine(String name, WasmProperties.Module module) {
		return locked(name, () -> {
			synchronized (this.properties) {
				this.properties.getModules().put(name, module);
			}
			return reload(name, module, true);
		});
	}

	private WasmReloadOutcome reload(String name, WasmProperties.Module module, boolean always) {
		String location = WasmModuleDefinitions.location(name, module);
		String shown = ModuleSource.redact(location);
		byte[] bytes;
		try {
			bytes = source(name, module).read(maxModuleSize());
		}
		catch (ModuleSource.SizeExceededException ex) {
			return record(this.statuses.get(name),
					new WasmReloadOutcome(name, WasmReloadOutcome.Result.FAILED, this.clock.instant(), null,
							"Could not read " + shown + ": it has more than " + ex.limit()
									+ " bytes, the module size limit (wasm.max-module-size); reading stopped there"));
		}
		catch (IOException | RuntimeException ex) {
			return record(this.statuses.get(name), new WasmReloadOutcome(name, WasmReloadOutcome.Result.FAILED,
					this.clock.instant(), null, "Could not read " + shown + ": " + ex.getMessage()));
		}
		return reload(name, module, location, bytes, always);
	}

	/**
	 * Reload a module from bytes already read from its location (for example by a
	 * conditional HTTP request).
	 * @param name the module's name
	 * @param bytes the bytes
	 * @return the outcome, also recorded in the module's status
	 */
	WasmReloadOutcome reload(String name, byte[] bytes) {
		WasmProperties.Module module = module(name);
		if (module == null) {
			throw new IllegalArgumentException("No WASM module '" + name + "' is configured");
		}
		return locked(name, () -> reload(name, module, WasmModuleDefinitions.location(name, module), bytes, false));
	}

	/**
	 * Record that a module's source could not be read for a reload (for example by a
	 * poll); the module keeps serving its current version.
	 * @param name the module's name
	 * @param failure what went wrong, with the location redacted
	 * @return the outcome, also recorded in the module's status
	 */
	WasmReloadOutcome readFailed(String name, String failure) {
		return record(this.statuses.get(name),
				new WasmReloadOutcome(name, WasmReloadOutcome.Result.FAILED, this.clock.instant(), null, failure));
	}

	/**
	 * Run a reload of one module under that module's lock, waiting for another reload of
	 * it at most the location timeout; other modules' reloads never wait for it.
	 */
	private WasmReloadOutcome locked(String name, java.util.function.Supplier<WasmReloadOutcome> reload) {
		ReentrantLock lock = this.reloadLocks.computeIfAbsent(name, (key) -> new ReentrantLock());
		boolean locked;
		try {
			locked = lock.tryLock(this.properties.getLocationTimeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			locked = false;
		}
		if (!locked) {
			return new WasmReloadOutcome(name, WasmReloadOutcome.Result.FAILED, this.clock.instant(), null,
					"Another reload of WASM module '" + name + "' is still running; it keeps serving its current "
							+ "version. Try again later");
		}
		try {
			return reload.get();
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * The source of a module, as the loader reads it; the files an Extism manifest names
	 * relative to it are remembered as the module's {@link #linkedFiles(String) linked
	 * files}.
	 */
	ModuleSource source(String name, WasmProperties.Module module) {
		return WasmModuleDefinitions.source(name, module, this.resourceLoader, this.properties.getLocationTimeout(),
				(file) -> this.linkedFiles.computeIfAbsent(name, (key) -> ConcurrentHashMap.newKeySet()).add(file));
	}

	/**
	 * Return the files the Extism manifest at a module's location named relative to it
	 * when it was last read (its main and linked modules), so that a change of any of
	 * them reloads the plugin.
	 * @param name the module's name
	 * @return the files, empty for a module that is no manifest or names none
	 */
	java.util.Set<Path> linkedFiles(String name) {
		java.util.Set<Path> files = this.linkedFiles.get(name);
		return (files != null) ? java.util.Set.copyOf(files) : java.util.Set.of();
	}

	/**
	 * Reload a module even if the bytes at its location did not change: an Extism
	 * manifest whose linked module changed.
	 * @param name the module's name
	 * @return the outcome, also recorded in the module's status
	 */
	WasmReloadOutcome reloadLinked(String name) {
		WasmProperties.Module module = module(name);
		if (module == null) {
			throw new IllegalArgumentException(
					"No WASM module '" + name + "' is configured; configured modules: " + configuredNames());
		}
		return locked(name, () -> reload(name, module, true));
	}

	long maxModuleSize() {
		return this.properties.getMaxModuleSize().toBytes();
	}

	WasmProperties.@Nullable Module module(String name) {
		synchronized (this.properties) {
			return this.properties.getModules().get(name);
		}
	}

	private java.util.Set<String> configuredNames() {
		synchronized (this.properties) {
			return new java.util.TreeSet<>(this.properties.getModules().keySet());
		}
	}

	private WasmReloadOutcome reload(String name, WasmProperties.Module module, String location, byte[] bytes,
			boolean always) {
		WasmModuleStatus current = this.statuses.get(name);
		String digest = sha256(bytes);
		String shown = ModuleSource.redact(location);
		if (!always && current != null && current.digest().equals(digest) && current.location().equals(shown)) {
			return record(current, new WasmReloadOutcome(name, WasmReloadOutcome.Result.UNCHANGED, this.clock.instant(),
					digest, null));
		}
		Loading loading = new Loading(name, shown, this.runtime);
		long started = System.nanoTime();
		try {
			this.runtime.define(WasmModuleDefinitions.from(name, module,
					ModuleSource.of(location, () -> loading.read(() -> bytes))
						.withResolver(source(name, module)::resolve)
						.withLocationTimeout(this.properties.getLocationTimeout())));
		}
		catch (RuntimeException ex) {
			WasmReloadOutcome failed = new WasmReloadOutcome(name, WasmReloadOutcome.Result.FAILED,
					this.clock.instant(), digest, shownFailure(ex));
			logger.warn("WASM module '" + name + "' was not reloaded from " + shown
					+ "; it keeps serving its previous version"
					+ ((current != null) ? " (sha256 " + current.digest() + ")" : "") + ". " + ex.getMessage());
			return record(current, failed);
		}
		Instant now = this.clock.instant();
		WasmReloadOutcome reloaded = new WasmReloadOutcome(name, WasmReloadOutcome.Result.RELOADED, now, digest, null);
		WasmModuleStatus status = new WasmModuleStatus(name, shown, loading.digest, loading.size, loading.origin(), now,
				Duration.ofNanos(System.nanoTime() - started), reloaded);
		this.statuses.put(name, status);
		logLoaded(status, " (reloaded)");
		this.reloadListeners.forEach((listener) -> listener.accept(reloaded));
		return reloaded;
	}

	/**
	 * What a failed reload shows in health, the endpoint and its answers: the failure,
	 * but for bytes that are no module only what is wrong, never the bytes found (a
	 * source replaced by another file must not show that file's content); the log has the
	 * whole message.
	 */
	private static @Nullable String shownFailure(RuntimeException ex) {
		if (ex instanceof WasmModuleLoadException load) {
			switch (load.getReason()) {
				case BAD_MAGIC, MALFORMED, TRUNCATED, INVALID, EMPTY:
					return "WASM module '" + load.getModuleName() + "' at " + load.getLocation() + " "
							+ load.getReason().problem() + " (details in the log). Action: " + load.getReason().action()
							+ ".";
				default:
					break;
			}
		}
		return ex.getMessage();
	}

	private WasmReloadOutcome record(@Nullable WasmModuleStatus current, WasmReloadOutcome outcome) {
		if (current != null) {
			this.statuses.put(current.name(), current.withLastReload(outcome));
		}
		this.reloadListeners.forEach((listener) -> listener.accept(outcome));
		return outcome;
	}

	/**
	 * Call a listener after every reload attempt, with its outcome.
	 * @param listener the listener
	 * @deprecated nothing uses it; to be removed. The outcome of a module's last reload
	 * is {@code status(name).lastReload()}
	 */
	@Deprecated(forRemoval = true)
	public void addReloadListener(Consumer<WasmReloadOutcome> listener) {
		this.reloadListeners.add(listener);
	}

	/**
	 * Return the status of every loaded module.
	 * @return the statuses, by module name, sorted
	 */
	public Map<String, WasmModuleStatus> statuses() {
		return Collections.unmodifiableMap(new TreeMap<>(this.statuses));
	}

	/**
	 * Return the status of one module.
	 * @param name the module's name
	 * @return its status, or empty if it is not loaded
	 */
	public Optional<WasmModuleStatus> status(String name) {
		return Optional.ofNullable(this.statuses.get(name));
	}

	/**
	 * Return the names of the configured modules loaded on their first use
	 * ({@code lazy: true}) that have not been reloaded since startup; whether each is
	 * loaded now is {@link WasmRuntime#isLoaded(String)}.
	 * @return the names, sorted
	 */
	public java.util.Set<String> lazyModules() {
		java.util.Set<String> names = new java.util.TreeSet<>(this.lazy);
		names.removeAll(this.statuses.keySet());
		return Collections.unmodifiableSet(names);
	}

	/**
	 * Return the runtime the modules are loaded into.
	 * @return the runtime
	 */
	public WasmRuntime runtime() {
		return this.runtime;
	}

	private void logLoaded(WasmModuleStatus status, String suffix) {
		if (logger.isInfoEnabled()) {
			logger.info("WASM module '" + status.name() + "' loaded: sha256 " + status.digest() + ", "
					+ size(status.size()) + ", " + this.runtime.engine().name().toLowerCase(java.util.Locale.ROOT)
					+ " engine, " + origin(status.origin()) + ", " + status.loadTime().toMillis() + " ms" + suffix
					+ ", from " + status.location());
		}
	}

	private static String origin(WasmModuleStatus.Origin origin) {
		return switch (origin) {
			case COMPILED -> "compiled";
			case CACHE_DIRECTORY -> "loaded from the cache directory";
			case ALREADY_COMPILED -> "already compiled";
			case BUILD_TIME -> "compiled at build time";
		};
	}

	private static String size(long bytes) {
		return (bytes < 10 * 1024) ? bytes + " bytes" : DataSize.ofBytes(bytes).toKilobytes() + " KB";
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One module's bytes as the runtime reads them, and the cache's counters for them
	 * before it compiles.
	 */
	private static final class Loading {

		final String name;

		final String location;

		private final WasmRuntime runtime;

		private final CompilationCache cache;

		volatile String digest = "";

		volatile long size;

		private volatile long compilationsBefore;

		private volatile long directoryLoadsBefore;

		private volatile long buildTimeLoadsBefore;

		/**
		 * The compilations per digest before, for the code of a module with a fuel
		 * budget, which is compiled from its bytes rewritten and cached under their
		 * digest.
		 */
		private final Map<String, Long> allCompilationsBefore;

		/** The digest of the code the name ran before, for a module redefined. */
		private final @Nullable String previousCode;

		private long previousDirectoryLoads;

		private long previousBuildTimeLoads;

		Loading(String name, String location, WasmRuntime runtime) {
			this.name = name;
			this.location = location;
			this.runtime = runtime;
			this.cache = runtime.compilationCache();
			// before the runtime is asked to define the module, never while it reads it
			this.allCompilationsBefore = this.cache.compilations();
			String previous = code();
			this.previousCode = previous;
			if (previous != null) {
				this.previousDirectoryLoads = this.cache.directoryLoads(previous);
				this.previousBuildTimeLoads = this.cache.buildTimeLoads(previous);
			}
		}

		byte[] read(ModuleSource.ByteSupplier supplier) throws IOException {
			byte[] bytes = supplier.get();
			String digest = sha256(bytes);
			this.compilationsBefore = this.cache.compilations(digest);
			this.directoryLoadsBefore = this.cache.directoryLoads(digest);
			this.buildTimeLoadsBefore = this.cache.buildTimeLoads(digest);
			this.size = bytes.length;
			this.digest = digest;
			return bytes;
		}

		WasmModuleStatus.Origin origin() {
			// the code's digest: the bytes' own, or, with a fuel budget, that of the
			// bytes
			// rewritten to meter themselves
			String code = Objects.requireNonNullElse(code(), this.digest);
			boolean own = code.equals(this.digest);
			boolean previous = code.equals(this.previousCode);
			long compilationsBefore = own ? this.compilationsBefore : this.allCompilationsBefore.getOrDefault(code, 0L);
			long directoryLoadsBefore = own ? this.directoryLoadsBefore : previous ? this.previousDirectoryLoads : 0;
			long buildTimeLoadsBefore = own ? this.buildTimeLoadsBefore : previous ? this.previousBuildTimeLoads : 0;
			if (this.cache.compilations(code) > compilationsBefore) {
				return WasmModuleStatus.Origin.COMPILED;
			}
			if (this.cache.directoryLoads(code) > directoryLoadsBefore) {
				return WasmModuleStatus.Origin.CACHE_DIRECTORY;
			}
			if (this.cache.buildTimeLoads(code) > buildTimeLoadsBefore) {
				return WasmModuleStatus.Origin.BUILD_TIME;
			}
			return WasmModuleStatus.Origin.ALREADY_COMPILED;
		}

		/** The digest of the code the runtime runs for the name now, or null if none. */
		private @Nullable String code() {
			if (!this.runtime.hasModule(this.name) || !this.runtime.isLoaded(this.name)) {
				return null;
			}
			try (CompiledModule module = this.runtime.module(this.name)) {
				return module.digest();
			}
			catch (RuntimeException ex) {
				// redefined or removed meanwhile
				return null;
			}
		}

	}

}
