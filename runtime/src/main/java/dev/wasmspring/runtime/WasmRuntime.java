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

package dev.wasmspring.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.wasmspring.runtime.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact.ExportedFunction;
import dev.wasmspring.runtime.internal.extism.ExtismManifest;
import dev.wasmspring.runtime.internal.extism.ExtismManifestSettings;
import dev.wasmspring.runtime.internal.host.ImportPlan;
import dev.wasmspring.runtime.internal.host.LinkedModules;
import dev.wasmspring.runtime.internal.instance.Failures;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.memory.MemoryBounds;
import dev.wasmspring.runtime.internal.net.BoundedRead;
import dev.wasmspring.runtime.internal.snapshot.InstanceSnapshot;
import dev.wasmspring.runtime.internal.snapshot.SnapshotInput;
import dev.wasmspring.runtime.internal.snapshot.SnapshotRecorder;
import dev.wasmspring.runtime.internal.snapshot.SnapshotRefusedException;
import dev.wasmspring.runtime.internal.wasi.WasiDirectories;
import dev.wasmspring.runtime.internal.wasi.WasiOpenFiles;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: a registry of named, compiled modules and the factory of their
 * instances.
 * <p>
 * <b>Threads:</b> a runtime is meant to be one per application and is safe to share
 * between all threads. Defining, replacing and removing modules may happen while other
 * threads create and call instances: replacement compiles the new module first, swaps it
 * in atomically, then releases the old one, and instances created before the swap keep
 * running the module they were created from. A definition that finishes after the runtime
 * was closed fails and keeps nothing; one that finishes after the host functions were
 * replaced is linked against the new ones.
 * <p>
 * <b>Lifecycle:</b> whoever builds a runtime closes it. Closing releases the runtime's
 * hold on its compiled modules (other runtimes sharing the {@link CompilationCache} are
 * unaffected) and lets its timeout watchdog thread end once no call is running; instances
 * still open stay usable, under their timeouts, until closed, but new ones cannot be
 * created.
 */
public final class WasmRuntime implements AutoCloseable {

	/**
	 * How many table elements one instance may hold across its tables unless configured:
	 * about 1 MiB of heap per instance at most, far above what compilers emit for
	 * function pointers.
	 */
	public static final long DEFAULT_MAX_TABLE_ELEMENTS = 100_000;

	/** The largest module that may be loaded unless configured: 32 MiB. */
	public static final long DEFAULT_MAX_MODULE_SIZE = 32L * 1024 * 1024;

	/** How long loading a module may wait for its compilation unless configured. */
	public static final Duration DEFAULT_COMPILE_TIMEOUT = Duration.ofMinutes(1);

	private final WasmEngine engine;

	private final CompilationCache cache;

	private final Duration defaultTimeout;

	private final @Nullable Long defaultMaxMemoryBytes;

	private static final Logger logger = LoggerFactory.getLogger(WasmRuntime.class);

	private final long defaultMaxTableElements;

	private final long maxModuleSize;

	private final Duration compileTimeout;

	private final WasmSettingNames settingNames;

	private final ConcurrentHashMap<String, LoadedModule> modules = new ConcurrentHashMap<>();

	private final Object definitions = new Object();

	private volatile Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions;

	private volatile Map<String, String> expected = Map.of();

	private volatile List<WasmHostFunction> hostFunctionList;

	// live instances are created minus ended: two counter updates per instance instead of
	// three
	private final LongAdder instancesCreated = new LongAdder();

	private final LongAdder instancesEnded = new LongAdder();

	private final WasmRuntimeObserver observer;

	// per module name, surviving redefinitions, so that instances of a replaced version
	// are still counted
	private final ConcurrentHashMap<String, InstanceCounters> instanceCounters = new ConcurrentHashMap<>();

	private final CallWatchdog watchdog = new CallWatchdog("wasm-call-watchdog");

	private final MemoryBudget memoryBudget;

	private final long defaultMaxAnswerBytes;

	// at most this many compilations run at once; one whose caller gave up before it
	// started never starts
	private final Semaphore compilePermits;

	private final int maxConcurrentCompilations;

	private final AtomicInteger abandonedCompilations = new AtomicInteger();

	// compilations that got past the gate: those whose callers gave up while they waited
	// never do
	private final LongAdder compilationsStarted = new LongAdder();

	private volatile boolean closed;

	private final WasiOpenFiles wasiOpenFiles;

	private final OnDemandModules onDemand;

	private WasmRuntime(Builder builder) {
		this.onDemand = new OnDemandModules(builder.moduleResolver, builder.maxLoadedModules);
		this.engine = builder.engine;
		this.cache = builder.cache;
		this.defaultTimeout = builder.defaultTimeout;
		this.defaultMaxMemoryBytes = builder.defaultMaxMemoryBytes;
		this.defaultMaxTableElements = builder.defaultMaxTableElements;
		this.maxModuleSize = builder.maxModuleSize;
		this.compileTimeout = builder.compileTimeout;
		this.settingNames = builder.settingNames;
		this.hostFunctionList = List.copyOf(builder.hostFunctions);
		this.hostFunctions = ImportPlan.index(this.hostFunctionList);
		this.observer = builder.observer;
		this.wasiOpenFiles = new WasiOpenFiles(
				(builder.maxWasiOpenFiles != null) ? builder.maxWasiOpenFiles : WasiOpenFiles.defaultLimit(),
				builder.settingNames.wasiMaxOpenFiles());
		this.memoryBudget = new MemoryBudget(
				(builder.memoryBudget != null) ? builder.memoryBudget : MemoryBudget.defaultCapacity());
		this.defaultMaxAnswerBytes = builder.defaultMaxAnswerBytes;
		this.maxConcurrentCompilations = builder.maxConcurrentCompilations;
		this.compilePermits = new Semaphore(this.maxConcurrentCompilations, true);
		Failures.prepare();
	}

	/** The answer-size limit of modules that set none: 8 MiB. */
	public static final long DEFAULT_MAX_ANSWER_BYTES = 8L * 1024 * 1024;

	/**
	 * Return the runtime's memory budget: what every instance together may make the host
	 * hold, how much of it is reserved now, and how often a reservation was refused.
	 * @return the budget's usage now
	 */
	public WasmMemoryUsage memoryUsage() {
		MemoryBudget budget = this.memoryBudget;
		return new WasmMemoryUsage(budget.capacity(), budget.reserved(), budget.peak(), budget.refusals());
	}

	/**
	 * Return how many compilations are still running, or waiting to run, after their
	 * callers gave up on them (their compile timeout passed).
	 * @return the count
	 */
	public int abandonedCompilations() {
		return this.abandonedCompilations.get();
	}

	long compilationsStarted() {
		return this.compilationsStarted.sum();
	}

	MemoryBudget memoryBudget() {
		return this.memoryBudget;
	}

	long maxAnswerBytes(WasmModuleDefinition definition) {
		Long explicit = definition.maxAnswerBytes();
		return (explicit != null) ? explicit : this.defaultMaxAnswerBytes;
	}

	/**
	 * The files the WASI guests of all this runtime's modules hold open, against the
	 * runtime-wide limit.
	 */
	WasiOpenFiles wasiOpenFiles() {
		return this.wasiOpenFiles;
	}

	/**
	 * The call timeout of modules that set none: {@value #DEFAULT_TIMEOUT_SECONDS}
	 * seconds.
	 */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private static final long DEFAULT_TIMEOUT_SECONDS = 10;

	/**
	 * The memory limit of modules that set none: 16 MiB. A module whose initial memory is
	 * larger fails to load until it is given a limit of its own (rather than run with no
	 * room to grow).
	 */
	public static final long DEFAULT_MAX_MEMORY_BYTES = 16L * 1024 * 1024;

	/**
	 * Start building a runtime with safe defaults: the compiler engine, the JVM-wide
	 * shared compilation cache, a call timeout of {@link #DEFAULT_TIMEOUT}, a memory
	 * limit of {@link #DEFAULT_MAX_MEMORY_BYTES} and no host functions.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the engine modules are compiled for.
	 * @return the engine
	 */
	public WasmEngine engine() {
		return this.engine;
	}

	/**
	 * Return the compilation cache.
	 * @return the cache
	 */
	public CompilationCache compilationCache() {
		return this.cache;
	}

	/**
	 * Compile bytes without giving them a name, through the runtime's cache.
	 * @param bytes the module's bytes
	 * @return a new handle, to be closed by the caller
	 */
	public CompiledModule compile(byte[] bytes) {
		return this.cache.compile(bytes, this.engine, null, "<bytes>");
	}

	/**
	 * Define a module under its name, or replace the module of that name. Compiles (or
	 * reuses a compiled artifact) and links the module's imports before it becomes
	 * visible; on failure nothing changes.
	 * @param definition the definition
	 * @throws WasmModuleLoadException if the bytes cannot be loaded
	 * @throws WasmLinkException if the imports cannot be satisfied
	 */
	public void define(WasmModuleDefinition definition) {
		defineAll(List.of(definition));
	}

	/**
	 * Define several modules, compiling them in parallel. Either all are defined or, if
	 * any fails, none is and the first failure is thrown with the others attached as
	 * suppressed exceptions.
	 * @param definitions the definitions
	 */
	public void defineAll(Collection<WasmModuleDefinition> definitions) {
		checkOpen();
		List<WasmModuleDefinition> toDefine = List.copyOf(definitions);
		for (;;) {
			Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions = this.hostFunctions;
			List<LoadedModule> loaded = loadAll(toDefine, hostFunctions);
			synchronized (this.definitions) {
				if (this.closed) {
					loaded.forEach((module) -> module.handle.close());
					checkOpen();
				}
				if (hostFunctions == this.hostFunctions) {
					loaded.forEach(this::swap);
					loaded.forEach((module) -> this.onDemand.forget(module.name()));
					if (this.onDemand.bounded() && !loaded.isEmpty()) {
						this.onDemand.evictBeyondLimit(this.modules, loaded.get(loaded.size() - 1).name());
					}
					return;
				}
			}
			// the host functions were replaced while these modules were linked: link them
			// against the new ones
			loaded.forEach((module) -> module.handle.close());
		}
	}

	/**
	 * Replace the bytes of a defined module, keeping everything else its definition says:
	 * limits, allowed imports, WASI sandbox and digest pin (a pinned module takes only
	 * bytes with that digest; to change both, define
	 * {@code definition(name).withSource(source).withSha256(digest)}). Instances already
	 * created keep running the old bytes.
	 * @param name the module name
	 * @param source where the new bytes come from
	 * @throws WasmModuleNotFoundException if no module of that name is defined
	 * @throws WasmModuleLoadException if the bytes cannot be loaded
	 * @throws WasmLinkException if the imports cannot be satisfied
	 */
	public void replaceSource(String name, ModuleSource source) {
		define(definition(name).withSource(source));
	}

	private List<LoadedModule> loadAll(Collection<WasmModuleDefinition> definitions,
			Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions) {
		List<CompletableFuture<LoadedModule>> loading = new ArrayList<>();
		for (WasmModuleDefinition definition : definitions) {
			loading.add((definitions.size() == 1) ? CompletableFuture.completedFuture(load(definition, hostFunctions))
					: CompletableFuture.supplyAsync(() -> load(definition, hostFunctions)));
		}
		List<LoadedModule> loaded = new ArrayList<>();
		RuntimeException failure = null;
		for (CompletableFuture<LoadedModule> future : loading) {
			try {
				loaded.add(future.join());
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof Error error) {
					// an error is the JVM's, not the module's: it goes up as it is, after
					// the others are released
					joinQuietly(loading);
					throw error;
				}
				RuntimeException cause = (ex.getCause() instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException(ex.getCause());
				if (failure == null) {
					failure = cause;
				}
				else {
					failure.addSuppressed(cause);
				}
			}
		}
		if (failure != null) {
			loaded.forEach((module) -> module.handle.close());
			throw failure;
		}
		return loaded;
	}

	private static void joinQuietly(List<CompletableFuture<LoadedModule>> loading) {
		for (CompletableFuture<LoadedModule> future : loading) {
			try {
				future.join().handle.close();
			}
			catch (RuntimeException | Error ex) {
				// already reported, or released by the loop that threw
			}
		}
	}

	private LoadedModule load(WasmModuleDefinition definition,
			Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions) {
		WasmRuntimeObserver.Scope scope = this.observer.loadStarted(definition.name(), definition.source().location());
		try {
			LoadedModule loaded = loadObserved(definition, hostFunctions);
			scope.end(null);
			return loaded;
		}
		catch (RuntimeException | Error ex) {
			scope.end(ex);
			throw ex;
		}
	}

	private LoadedModule loadObserved(WasmModuleDefinition definition,
			Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions) {
		WasiDirectories.check(definition);
		// what reading holds is reserved from the budget as it grows, and returned once
		// the module is loaded
		try (MemoryBudget.Account reading = this.memoryBudget.open()) {
			byte[] bytes = read(definition, reading);
			if (ExtismManifest.isManifest(bytes)) {
				return loadManifest(definition, hostFunctions, bytes, reading);
			}
			return loadRead(definition, hostFunctions, bytes, true, null);
		}
	}

	/**
	 * Load the plugin an Extism manifest describes: its settings applied to the module's
	 * definition, its main module compiled and linked with the other modules it names.
	 */
	private LoadedModule loadManifest(WasmModuleDefinition definition,
			Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions, byte[] bytes, MemoryBudget.Account reading) {
		String name = definition.name();
		String location = definition.source().location();
		checkPinned(definition, CompilationCache.sha256(bytes));
		ExtismManifest manifest;
		try {
			manifest = ExtismManifest.parse(bytes);
		}
		catch (ExtismManifest.Invalid ex) {
			throw new WasmModuleLoadException(name, location, Reason.BAD_MANIFEST, ex.getMessage(), null);
		}
		WasmModuleDefinition effective = ExtismManifestSettings.apply(definition, manifest);
		WasiDirectories.check(effective);
		List<LinkedModules.Module> linked = new ArrayList<>();
		for (ExtismManifest.Wasm entry : manifest.linked()) {
			byte[] module = readEntry(effective, entry, reading);
			String digest = CompilationCache.sha256(module);
			CompiledModule handle = compileWithin(module, digest, name, location + " " + entry.field());
			try {
				CompiledArtifact artifact = handle.artifact();
				// the artifact stays with the plugin; the cache entry is not needed to
				// use it
				linked.add(new LinkedModules.Module(entry.name(), artifact,
						ImportPlan.link(effective, artifact, hostFunctions, this.settingNames),
						memoryBounds(effective, artifact), maxTableElements(effective, artifact)));
			}
			finally {
				handle.close();
			}
		}
		byte[] main = readEntry(effective, manifest.main(), reading);
		return loadRead(effective, hostFunctions, main, false, linked.isEmpty() ? null : new LinkedModules(linked));
	}

	/** Read one module of a manifest, checked against its entry's hash. */
	private byte[] readEntry(WasmModuleDefinition definition, ExtismManifest.Wasm entry, MemoryBudget.Account reading) {
		String name = definition.name();
		String location = definition.source().location();
		ModuleSource source;
		try {
			if (entry.data() != null) {
				source = ModuleSource.of(location + " " + entry.field() + ".data", entry.data());
			}
			else if (entry.url() != null) {
				source = ModuleSource.ofUrl(entry.url(), entry.headers(), MANIFEST_DOWNLOAD_TIMEOUT);
			}
			else {
				java.nio.file.Path path = java.nio.file.Path.of(entry.path());
				source = path.isAbsolute() ? ModuleSource.of(path) : definition.source().resolve(entry.path());
			}
		}
		catch (IOException | RuntimeException ex) {
			throw new WasmModuleLoadException(name, location, Reason.BAD_MANIFEST, "field '" + entry.field()
					+ "' names a module that cannot be found (" + ex.getMessage() + "); correct its path or url", ex);
		}
		byte[] bytes;
		try {
			bytes = read(definition.withSource(source), reading);
		}
		catch (WasmModuleLoadException ex) {
			boolean unreadable = ex.getReason() == Reason.NOT_FOUND;
			throw new WasmModuleLoadException(name, location, unreadable ? Reason.BAD_MANIFEST : ex.getReason(),
					"field '" + entry.field() + "' names a module (" + source.location() + ") that "
							+ (unreadable ? "cannot be read: " + ex.getDetail() + "; correct its path or url"
									: ex.getReason().problem() + ": " + ex.getDetail()),
					ex.getCause());
		}
		try {
			ExtismManifest.checkHash(entry, CompilationCache.sha256(bytes));
		}
		catch (ExtismManifest.Invalid ex) {
			throw new WasmModuleLoadException(name, location, Reason.BAD_MANIFEST, ex.getMessage(), null);
		}
		return bytes;
	}

	/** How long downloading a module an Extism manifest names by URL may take. */
	static final Duration MANIFEST_DOWNLOAD_TIMEOUT = Duration.ofSeconds(30);

	private void checkPinned(WasmModuleDefinition definition, String digest) {
		String pinned = definition.sha256();
		if (pinned != null && !pinned.equals(digest)) {
			throw new WasmModuleLoadException(definition.name(), definition.source().location(), Reason.DIGEST_MISMATCH,
					"expected " + pinned + ", found " + digest, null);
		}
	}

	private byte[] read(WasmModuleDefinition definition, MemoryBudget.Account reading) {
		String name = definition.name();
		String location = definition.source().location();
		try {
			return BoundedRead.charging(reading, () -> definition.source().read(this.maxModuleSize));
		}
		catch (BoundedRead.BudgetExceeded ex) {
			throw new WasmModuleLoadException(name, location, Reason.TOO_LARGE,
					"the runtime's memory budget of " + ex.budget() + " bytes (" + this.settingNames.memoryBudget()
							+ ") could not hold its bytes while "
							+ "they were read; retry when plugins hold less, or raise the budget",
					null);
		}
		catch (ModuleSource.SizeExceededException ex) {
			String size = (ex.size() >= 0)
					? "it has " + ex.size() + " bytes, above the module size limit of " + this.maxModuleSize + " bytes"
					: "it has more than " + this.maxModuleSize
							+ " bytes, the module size limit (reading stopped there)";
			throw new WasmModuleLoadException(name, location, Reason.TOO_LARGE,
					size + "; raise " + this.settingNames.maxModuleSize() + " if the module is trusted", null);
		}
		catch (IOException | RuntimeException ex) {
			throw new WasmModuleLoadException(name, location, Reason.NOT_FOUND, String.valueOf(ex.getMessage()), ex);
		}
	}

	private LoadedModule loadRead(WasmModuleDefinition definition,
			Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions, byte[] bytes, boolean checkPin,
			@Nullable LinkedModules linked) {
		String name = definition.name();
		String location = definition.source().location();
		if (bytes.length > this.maxModuleSize) {
			throw new WasmModuleLoadException(name, location, Reason.TOO_LARGE,
					"it has " + bytes.length + " bytes, above the module size limit of " + this.maxModuleSize
							+ " bytes; raise " + this.settingNames.maxModuleSize() + " if the module is trusted",
					null);
		}
		String digest = CompilationCache.sha256(bytes);
		if (checkPin) {
			checkPinned(definition, digest);
		}
		CompiledModule handle = compileWithin(bytes, digest, name, location);
		try {
			MemoryBounds limits = memoryBounds(definition, handle.artifact());
			long maxTableElements = maxTableElements(definition, handle.artifact());
			ImportPlan plan = ImportPlan.link(definition, handle.artifact(), hostFunctions, this.settingNames, linked);
			Duration timeout = Objects.requireNonNullElse(definition.timeout(), this.defaultTimeout);
			LoadedModule loaded = new LoadedModule(definition, handle, plan, limits, timeout.toNanos(),
					maxTableElements, this);
			return definition.snapshot().isEnabled() ? snapshot(loaded) : loaded;
		}
		catch (RuntimeException ex) {
			handle.close();
			throw ex;
		}
	}

	/**
	 * Run the module's initialisation once, with an empty context, and return the module
	 * with its instances started from the state it left.
	 */
	private LoadedModule snapshot(LoadedModule module) {
		WasmModuleDefinition definition = module.definition;
		if (module.hasStartFunction) {
			throw snapshotRefused(definition, "it has a start function, which the engine would run again in every "
					+ "instance started from the snapshot; initialise it in _initialize or an export instead");
		}
		String initializer = definition.snapshot().initializer();
		if (initializer != null) {
			ExportedFunction export = module.artifact.export(initializer);
			if (export == null || export.paramCount() != 0) {
				throw snapshotRefused(definition,
						"it exports no function '" + initializer
								+ "' without parameters to initialise it; its exports are "
								+ new TreeSet<>(module.artifact.exports().keySet()));
			}
		}
		else if (module.initialize == null) {
			logger.warn(
					"WASM module '{}' exports no _initialize: its snapshot holds only what instantiation gives "
							+ "it, so the snapshot saves nothing; turn off {}",
					definition.name(), this.settingNames.snapshot(definition.name()));
		}
		SnapshotRecorder recorder = new SnapshotRecorder();
		InstanceSnapshot snapshot;
		try (WasmInstance instance = new WasmInstance(module, Map.of(), recorder)) {
			if (initializer != null) {
				instance.callRaw(initializer);
			}
			snapshot = InstanceSnapshot.capture(instance.guest().engineInstance(), recorder.inputsRead());
		}
		catch (SnapshotRefusedException ex) {
			throw snapshotRefused(definition, ex.getMessage());
		}
		catch (WasmException ex) {
			throw new WasmModuleLoadException(definition.name(), definition.source().location(), Reason.SNAPSHOT_FAILED,
					ex.getMessage(), ex);
		}
		if (recorder.openDescriptors() > 0) {
			throw snapshotRefused(definition, "its initialisation left " + recorder.openDescriptors()
					+ " file(s) or socket(s) open, which instances started from the snapshot would not have; close "
					+ "them before initialisation ends");
		}
		if (!snapshot.inputsRead().isEmpty()) {
			logger.info(
					"WASM module '{}' read its {} while its snapshot was taken: instances given their own start "
							+ "without the snapshot and initialise themselves, so that they see only their own",
					definition.name(),
					snapshot.inputsRead().stream().map(SnapshotInput::description).sorted().toList());
		}
		Map<String, Integer> calls = recorder.calls();
		for (String frozen : List.of("random_get", "clock_time_get", "clock_res_get", "poll_oneoff")) {
			if (calls.containsKey(frozen)) {
				logger.warn("WASM module '{}' called {} {} time(s) during the initialisation its snapshot was taken "
						+ "from: whatever it derived from it (a random seed, the time) is the same in every "
						+ "instance", definition.name(), frozen, calls.get(frozen));
			}
		}
		return module.withSetup(snapshot);
	}

	private WasmModuleLoadException snapshotRefused(WasmModuleDefinition definition, String detail) {
		return new WasmModuleLoadException(definition.name(), definition.source().location(), Reason.SNAPSHOT_REFUSED,
				detail + " (snapshot set by " + this.settingNames.snapshot(definition.name()) + ")", null);
	}

	/**
	 * Compiles on a thread of its own so that the caller waits at most the compile
	 * timeout: the engine's compiler cannot be interrupted, so a compilation that runs
	 * out of time goes on in the background and its result is released when it ends (or
	 * kept in the cache for a later attempt at the same bytes).
	 */
	private CompiledModule compileWithin(byte[] bytes, String digest, String name, String location) {
		if (this.compileTimeout.isZero()) {
			try {
				return compileGated(bytes, digest, name, location, new AtomicBoolean());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new WasmModuleLoadException(name, location, Reason.COMPILE_TIMEOUT,
						"the thread loading it was interrupted while it waited to compile", ex);
			}
		}
		CompletableFuture<CompiledModule> compiling = new CompletableFuture<>();
		AtomicBoolean abandoned = new AtomicBoolean();
		Thread compiler = new Thread(() -> {
			try {
				compiling.complete(compileGated(bytes, digest, name, location, abandoned));
			}
			catch (Throwable ex) {
				compiling.completeExceptionally(ex);
			}
			finally {
				if (abandoned.get()) {
					this.abandonedCompilations.decrementAndGet();
				}
			}
		}, "wasm-compile-" + name);
		compiler.setDaemon(true);
		compiler.start();
		try {
			return compiling.get(this.compileTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			abandon(compiling, abandoned);
			throw new WasmModuleLoadException(name, location, Reason.COMPILE_TIMEOUT, "compiling it took longer than "
					+ "the compile timeout of " + this.compileTimeout + " (at most " + this.maxConcurrentCompilations
					+ " compilations run at once; " + this.abandonedCompilations.get() + " abandoned ones are still "
					+ "running or waiting); raise " + this.settingNames.compileTimeout() + " if the module is trusted",
					null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			abandon(compiling, abandoned);
			throw new WasmModuleLoadException(name, location, Reason.COMPILE_TIMEOUT,
					"the thread loading it was interrupted while it compiled", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(cause);
		}
	}

	private void abandon(CompletableFuture<CompiledModule> compiling, AtomicBoolean abandoned) {
		if (!compiling.isDone() && abandoned.compareAndSet(false, true)) {
			this.abandonedCompilations.incrementAndGet();
		}
		compiling.thenAccept(CompiledModule::close);
	}

	/**
	 * Compiles once a compilation permit is free, unless the caller has given up
	 * meanwhile: at most {@link Builder#withMaxConcurrentCompilations(int)} compilations
	 * hold memory at once, and a compilation nobody waits for any more never starts.
	 */
	private CompiledModule compileGated(byte[] bytes, String digest, String name, String location,
			AtomicBoolean abandoned) throws InterruptedException {
		this.compilePermits.acquire();
		try {
			if (abandoned.get()) {
				throw new WasmModuleLoadException(name, location, Reason.COMPILE_TIMEOUT,
						"its caller gave up before a compilation slot was free", null);
			}
			this.compilationsStarted.increment();
			return this.cache.compile(bytes, digest, this.engine, name, location);
		}
		finally {
			this.compilePermits.release();
		}
	}

	private long maxTableElements(WasmModuleDefinition definition, CompiledArtifact artifact) {
		Long explicit = definition.maxTableElements();
		long limit = (explicit != null) ? explicit : this.defaultMaxTableElements;
		long declared = artifact.declaredTableElements();
		if (declared > limit) {
			String setting = this.settingNames.maxTableElements(definition.name());
			throw new WasmModuleLoadException(definition.name(), definition.source().location(),
					Reason.TABLE_LIMIT_TOO_LOW,
					"its tables declare " + declared + " elements, above the limit of " + limit + "; raise " + setting,
					null);
		}
		return limit;
	}

	private @Nullable MemoryBounds memoryBounds(WasmModuleDefinition definition, CompiledArtifact artifact) {
		if (!artifact.hasMemory()) {
			return null;
		}
		int declaredMax = Math.min(artifact.maxPages(), MemoryBounds.ENGINE_MAX_PAGES);
		Long explicit = definition.maxMemoryBytes();
		Integer extismPages = definition.extism().maxPages();
		if (extismPages != null) {
			// Extism's memory.max_pages: a budget of growth after instantiation, so the
			// memory may reach its initial size plus that many pages (and one call's
			// blocks
			// share what it has not taken); an explicit max-memory still caps it
			int growthLimit = (int) Math.min((long) artifact.minPages() + extismPages, declaredMax);
			int pages = (explicit != null)
					? (int) Math.min(growthLimit, Math.max(explicit / WasmMemory.PAGE_SIZE, artifact.minPages()))
					: growthLimit;
			if (explicit == null || explicit / WasmMemory.PAGE_SIZE >= artifact.minPages()) {
				return new MemoryBounds(artifact.minPages(), pages);
			}
		}
		Long limit = (explicit != null) ? explicit : this.defaultMaxMemoryBytes;
		if (limit == null) {
			return new MemoryBounds(artifact.minPages(), declaredMax);
		}
		int limitPages = (int) Math.min(limit / WasmMemory.PAGE_SIZE, Integer.MAX_VALUE);
		if (limitPages < artifact.minPages()) {
			if (explicit == null) {
				// yielding to the minimum would leave the module no room to grow: one
				// that can only fail
				throw new WasmModuleLoadException(definition.name(), definition.source().location(),
						Reason.MEMORY_LIMIT_TOO_LOW,
						"the default memory limit of " + limit + " bytes (" + limitPages
								+ ((limitPages == 1) ? " page" : " pages") + ") is below the module's declared "
								+ "initial memory of " + artifact.minPages() + " pages ("
								+ (long) artifact.minPages() * WasmMemory.PAGE_SIZE + " bytes), which would leave "
								+ "it no room to grow; give the module a limit of its own above its initial memory "
								+ "(" + this.settingNames.maxMemory(definition.name()) + "), or raise "
								+ this.settingNames.defaultMaxMemory(),
						null);
			}
			else {
				throw new WasmModuleLoadException(definition.name(), definition.source().location(),
						Reason.MEMORY_LIMIT_TOO_LOW,
						"max-memory " + explicit + " bytes (" + limitPages + ((limitPages == 1) ? " page" : " pages")
								+ ") is below the module's declared " + "initial memory of " + artifact.minPages()
								+ " pages (" + (long) artifact.minPages() * WasmMemory.PAGE_SIZE + " bytes); raise "
								+ this.settingNames.maxMemory(definition.name()),
						null);
			}
		}
		return new MemoryBounds(artifact.minPages(), Math.min(limitPages, declaredMax));
	}

	private void swap(LoadedModule module) {
		LoadedModule previous = this.modules.put(module.name(), module);
		if (previous != null) {
			previous.handle.close();
		}
	}

	/**
	 * Remove a module. Instances already created keep working.
	 * @param name the module name
	 * @return whether a module of that name existed
	 */
	public boolean remove(String name) {
		synchronized (this.definitions) {
			boolean known = this.onDemand.isKnown(name);
			this.onDemand.forget(name);
			LoadedModule previous = this.modules.remove(name);
			if (previous != null) {
				previous.handle.close();
			}
			return previous != null || known;
		}
	}

	/**
	 * Define a module to be loaded when it is first used (an instance, a handle, its
	 * settings), instead of now; replaces the module of that name, loaded or not. Loading
	 * happens once however many threads first use it at once; a load failure fails that
	 * use, and the next use tries again.
	 * @param definition the definition
	 */
	public void defineLazily(WasmModuleDefinition definition) {
		checkOpen();
		WasiDirectories.check(definition);
		synchronized (this.definitions) {
			LoadedModule previous = this.modules.remove(definition.name());
			this.onDemand.defineLazily(definition);
			if (previous != null) {
				previous.handle.close();
			}
		}
	}

	/**
	 * Return the names of the modules loaded now: their code is held, ready for
	 * instances. Modules defined lazily, or evicted, are loaded on their next use.
	 * @return the names, sorted
	 */
	public Set<String> loadedModuleNames() {
		return Collections.unmodifiableSet(new TreeSet<>(this.modules.keySet()));
	}

	/**
	 * Return whether a module is loaded now (see {@link #loadedModuleNames()}).
	 * @param name the module name
	 * @return whether it is loaded
	 */
	public boolean isLoaded(String name) {
		return this.modules.containsKey(name);
	}

	/**
	 * Return which modules are loaded and how modules loaded on first use came to be.
	 * @return a snapshot
	 */
	public WasmModuleResidency residency() {
		Set<String> defined = new HashSet<>(this.modules.keySet());
		defined.addAll(this.onDemand.knownNames());
		return this.onDemand.residency(this.modules.size(), defined.size());
	}

	/**
	 * Load a module on its first use and install it, unless it was removed or redefined
	 * meanwhile.
	 */
	private @Nullable LoadedModule loadOnFirstUse(WasmModuleDefinition first) {
		checkOpen();
		LoadedModule already = this.modules.get(first.name());
		if (already != null) {
			// installed by the flight that ended as this one began
			return already;
		}
		WasmModuleDefinition definition = first;
		for (;;) {
			Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions = this.hostFunctions;
			LoadedModule loaded = load(definition, hostFunctions);
			synchronized (this.definitions) {
				LoadedModule current = this.modules.get(definition.name());
				if (this.closed || current != null) {
					// closed, or defined eagerly meanwhile: that module counts
					loaded.handle.close();
					checkOpen();
					return current;
				}
				if (!this.onDemand.isCurrent(definition)) {
					// removed, or defined lazily again, meanwhile
					loaded.handle.close();
					WasmModuleDefinition now = this.onDemand.definition(definition.name());
					if (now == null) {
						return null;
					}
					definition = now;
					continue;
				}
				if (hostFunctions == this.hostFunctions) {
					this.modules.put(definition.name(), loaded);
					this.onDemand.loaded(loaded.handle.built(), loaded.handle.loadedFromDirectory());
					this.onDemand.evictBeyondLimit(this.modules, definition.name());
					return loaded;
				}
			}
			loaded.handle.close();
		}
	}

	/**
	 * Replace the host functions modules link against, and link every defined module
	 * again. Either every module links and the new functions take effect for new
	 * instances, or nothing changes and the first failure is thrown.
	 * @param functions the host functions
	 * @throws WasmLinkException if a module's imports cannot be satisfied
	 */
	public void replaceHostFunctions(Collection<? extends WasmHostFunction> functions) {
		checkOpen();
		List<WasmHostFunction> list = List.copyOf(functions);
		Map<ImportPlan.HostKey, List<WasmHostFunction>> index = ImportPlan.index(list);
		synchronized (this.definitions) {
			List<WasmModuleDefinition> current = this.modules.values().stream().map((m) -> m.definition).toList();
			List<LoadedModule> relinked = loadAll(current, index);
			this.hostFunctions = index;
			this.hostFunctionList = list;
			relinked.forEach(this::swap);
		}
	}

	/**
	 * Return the host functions modules link against: those the runtime was built with,
	 * or the last ones given to {@link #replaceHostFunctions(Collection)}.
	 * @return the host functions, immutable
	 */
	public List<WasmHostFunction> hostFunctions() {
		return this.hostFunctionList;
	}

	/**
	 * Return how messages name the settings a user can change.
	 * @return the setting names
	 */
	public WasmSettingNames settingNames() {
		return this.settingNames;
	}

	/**
	 * Return the names of the defined modules.
	 * @return the names, sorted
	 */
	public Set<String> moduleNames() {
		TreeSet<String> names = new TreeSet<>(this.modules.keySet());
		names.addAll(this.onDemand.knownNames());
		return Collections.unmodifiableSet(names);
	}

	/**
	 * Return whether a module of the given name is defined.
	 * @param name the name
	 * @return whether it is defined
	 */
	public boolean hasModule(String name) {
		return this.modules.containsKey(name) || this.onDemand.isKnown(name);
	}

	/**
	 * Return a new handle on the compiled module currently defined under a name. The
	 * handle keeps the compiled module cached until it is closed, even if the name is
	 * redefined or removed meanwhile.
	 * @param name the module name
	 * @return a new handle, to be closed by the caller
	 */
	public CompiledModule module(String name) {
		for (;;) {
			// loaded outside the lock: a module loaded on first use installs itself under
			// it
			LoadedModule module = loaded(name);
			synchronized (this.definitions) {
				// under the lock, so the registry's own handle cannot be released while
				// we
				// share it; a module evicted or replaced meanwhile is looked up again
				if (this.modules.get(name) == module) {
					return module.handle.share();
				}
			}
		}
	}

	/**
	 * Create an instance of a module, with no attributes.
	 * @param name the module name
	 * @return a new instance, to be closed by the caller
	 */
	public WasmInstance newInstance(String name) {
		return newInstance(name, Map.of());
	}

	/**
	 * Create an instance of a module. The attributes are visible to host functions
	 * through {@link WasmCallContext#attributes()}.
	 * @param name the module name
	 * @param attributes the attributes (copied)
	 * @return a new instance, to be closed by the caller
	 */
	public WasmInstance newInstance(String name, Map<String, ?> attributes) {
		checkOpen();
		LoadedModule module = loaded(name);
		if (attributes == null) {
			throw new IllegalArgumentException("The attributes of a new instance of WASM module '" + name
					+ "' are null; pass an empty map for none.");
		}
		if (attributes.isEmpty()) {
			return module.newInstance(Map.of());
		}
		attributes.forEach((key, value) -> {
			if (key == null || value == null) {
				throw new IllegalArgumentException("Attribute '" + key + "' of a new instance of WASM module '" + name
						+ "' is null" + ((key != null) ? "" : " as a key") + "; attributes must not be null: leave "
						+ "the attribute out instead. Attributes given: " + attributes.keySet() + ".");
			}
		});
		return module.newInstance(Map.copyOf(attributes));
	}

	/**
	 * Declare names of modules that will be defined later, so that asking for one of them
	 * before then fails saying so, rather than that no such module exists.
	 * @param names the module names
	 * @param whenDefined when they will be defined and what to do meanwhile, for the
	 * message of that failure
	 */
	public void expect(Collection<String> names, String whenDefined) {
		Map<String, String> expected = new HashMap<>(this.expected);
		names.forEach((name) -> expected.put(name, whenDefined));
		this.expected = Map.copyOf(expected);
	}

	/**
	 * Create an instance of a WASI module with its own standard input, arguments,
	 * environment, scratch directory or output destinations, overriding the module's
	 * settings (see {@link WasiInstanceOptions}). For a module without WASI imports the
	 * options have no effect.
	 * @param name the module name
	 * @param attributes the attributes (copied)
	 * @param wasi the instance's own WASI settings
	 * @return a new instance, to be closed by the caller; closing it deletes its scratch
	 * directory
	 */
	public WasmInstance newInstance(String name, Map<String, ?> attributes, WasiInstanceOptions wasi) {
		checkOpen();
		return loaded(name).newInstance(attributes.isEmpty() ? Map.of() : Map.copyOf(attributes), wasi);
	}

	private LoadedModule loaded(String name) {
		if (name == null) {
			throw new IllegalArgumentException(
					"No module name given (null). The defined modules are " + moduleNames() + ".");
		}
		LoadedModule module = this.modules.get(name);
		if (module == null) {
			module = this.onDemand.load(name, this::loadOnFirstUse);
		}
		if (module != null) {
			this.onDemand.used(module);
		}
		if (module == null) {
			String whenDefined = this.expected.get(name);
			if (whenDefined != null) {
				throw new WasmModuleNotFoundException(name,
						"WASM module '" + name + "' is expected but not defined yet: " + whenDefined);
			}
			throw new WasmModuleNotFoundException(name, moduleNames(), this.settingNames.location(name));
		}
		return module;
	}

	/**
	 * Return a snapshot of the runtime's statistics.
	 * @return the statistics
	 */
	public WasmRuntimeStatistics statistics() {
		// ended first: every instance counted as ended is then also counted as created,
		// so live is never negative
		long ended = this.instancesEnded.sum();
		long created = this.instancesCreated.sum();
		long live = created - ended;
		Map<String, String> modules = new TreeMap<>();
		this.modules.forEach((name, module) -> modules.put(name, module.artifact.digest()));
		return new WasmRuntimeStatistics(Collections.unmodifiableMap(modules), this.cache.compilations(),
				this.cache.size(), live, created);
	}

	/**
	 * Return whether a module runs as an Extism plugin (by its ABI setting, or by
	 * importing Extism's kernel), so that its instances' {@code callText} and
	 * {@code callBytes} go through Extism's input and output.
	 * @param name the module name
	 * @return whether it is an Extism plugin
	 * @throws WasmModuleNotFoundException if no such module is defined
	 */
	public boolean isExtismPlugin(String name) {
		return loaded(name).imports.isExtism();
	}

	/**
	 * Return the definition a module was defined with.
	 * @param name the module name
	 * @return the definition
	 */
	public WasmModuleDefinition definition(String name) {
		LoadedModule module = this.modules.get(name);
		WasmModuleDefinition notLoaded = (module == null && name != null) ? this.onDemand.definition(name) : null;
		return (notLoaded != null) ? notLoaded : loaded(name).definition;
	}

	/**
	 * Return the effective call timeout of a module ({@link Duration#ZERO} for none).
	 * @param name the module name
	 * @return the timeout
	 */
	public Duration timeout(String name) {
		return Duration.ofNanos(loaded(name).timeoutNanos);
	}

	/**
	 * Return the effective maximum memory of a module in bytes, or 0 if it has no memory.
	 * @param name the module name
	 * @return the maximum
	 */
	public long maxMemoryBytes(String name) {
		MemoryBounds bounds = loaded(name).memoryBounds;
		return (bounds != null) ? (long) bounds.maxPages() * WasmMemory.PAGE_SIZE : 0;
	}

	/**
	 * Return how many instances of a module exist, counting instances of versions it was
	 * redefined from.
	 * @param name the module name
	 * @return the counts, zero for a module never defined
	 */
	public WasmInstanceCounts instanceCounts(String name) {
		InstanceCounters counters = this.instanceCounters.get(name);
		return (counters != null) ? counters.snapshot() : new WasmInstanceCounts(0, 0);
	}

	InstanceCounters instanceCounters(String name) {
		return this.instanceCounters.computeIfAbsent(name, (key) -> new InstanceCounters());
	}

	void instanceCreated(LoadedModule module) {
		this.instancesCreated.increment();
		module.instanceCounters.created.increment();
	}

	void instanceEnded(LoadedModule module) {
		this.instancesEnded.increment();
		module.instanceCounters.ended.increment();
	}

	WasmRuntimeObserver observer() {
		return this.observer;
	}

	CallWatchdog watchdog() {
		return this.watchdog;
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("This WasmRuntime is closed");
		}
	}

	/**
	 * Return whether the runtime was closed.
	 * @return whether it is closed
	 */
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public void close() {
		synchronized (this.definitions) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			Map<String, LoadedModule> defined = new HashMap<>(this.modules);
			this.modules.clear();
			this.onDemand.clear();
			defined.values().forEach((module) -> module.handle.close());
		}
		this.watchdog.close();
	}

	/**
	 * Builds a {@link WasmRuntime}. Like every builder here, each {@code withX} method
	 * changes this builder and returns it (value types' {@code withX} methods return
	 * copies instead). Not thread-safe; build once and share the runtime.
	 */
	public static final class Builder {

		private WasmEngine engine = WasmEngine.COMPILER;

		private CompilationCache cache = CompilationCache.shared();

		private Duration defaultTimeout = DEFAULT_TIMEOUT;

		private @Nullable Long defaultMaxMemoryBytes = DEFAULT_MAX_MEMORY_BYTES;

		private long defaultMaxTableElements = DEFAULT_MAX_TABLE_ELEMENTS;

		private long maxModuleSize = DEFAULT_MAX_MODULE_SIZE;

		private Duration compileTimeout = DEFAULT_COMPILE_TIMEOUT;

		private List<WasmHostFunction> hostFunctions = List.of();

		private WasmSettingNames settingNames = WasmSettingNames.RUNTIME;

		private WasmRuntimeObserver observer = WasmRuntimeObserver.NONE;

		private @Nullable Long memoryBudget;

		private long defaultMaxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES;

		private int maxConcurrentCompilations = Math.max(1, Runtime.getRuntime().availableProcessors());

		private @Nullable Integer maxWasiOpenFiles;

		private @Nullable WasmModuleResolver moduleResolver;

		private int maxLoadedModules;

		private Builder() {
		}

		/**
		 * Set the runtime's memory budget: the heap every instance of every module
		 * together may make the host hold (memory pages they write, tables, globals,
		 * Extism blocks and variables, answers being copied). Each byte is reserved
		 * before it is allocated; an operation whose reservation does not fit fails with
		 * {@link WasmTrapException.Kind#RESOURCE_EXHAUSTED} and nothing else is affected.
		 * Defaults to
		 * {@value dev.wasmspring.runtime.internal.limits.MemoryBudget#DEFAULT_HEAP_PERCENT}%
		 * of the JVM's maximum heap.
		 * @param bytes the budget, positive; {@code null} for the default
		 * @return this builder
		 */
		public Builder withMemoryBudget(@Nullable Long bytes) {
			if (bytes != null && bytes <= 0) {
				throw new IllegalArgumentException("A memory budget must be positive: " + bytes);
			}
			this.memoryBudget = bytes;
			return this;
		}

		/**
		 * Set the answer-size limit of modules that set none
		 * ({@link WasmModuleDefinition#withMaxAnswerSize}); defaults to
		 * {@value WasmRuntime#DEFAULT_MAX_ANSWER_BYTES} bytes.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder withDefaultMaxAnswerSize(long bytes) {
			if (bytes < 0) {
				throw new IllegalArgumentException("An answer-size limit must not be negative: " + bytes);
			}
			this.defaultMaxAnswerBytes = bytes;
			return this;
		}

		/**
		 * Set how many modules may compile at once; defaults to the number of processors.
		 * A compilation whose caller gave up (its compile timeout passed) before it
		 * started never starts; one already running goes on until it ends and is counted
		 * by {@link WasmRuntime#abandonedCompilations()} meanwhile.
		 * @param compilations the limit, at least 1
		 * @return this builder
		 */
		public Builder withMaxConcurrentCompilations(int compilations) {
			if (compilations < 1) {
				throw new IllegalArgumentException("At least one compilation must be allowed: " + compilations);
			}
			this.maxConcurrentCompilations = compilations;
			return this;
		}

		/**
		 * Set the observer of loads, instantiations and calls;
		 * {@link WasmRuntimeObserver#NONE} (the default) observes nothing at no cost.
		 * @param observer the observer
		 * @return this builder
		 */
		public Builder withObserver(WasmRuntimeObserver observer) {
			this.observer = Objects.requireNonNull(observer, "observer");
			return this;
		}

		/**
		 * Set the engine modules are compiled for.
		 * @param engine the engine
		 * @return this builder
		 */
		public Builder withEngine(WasmEngine engine) {
			this.engine = Objects.requireNonNull(engine, "engine");
			return this;
		}

		/**
		 * Set the cache compiled modules are kept in.
		 * @param cache the cache
		 * @return this builder
		 */
		public Builder withCompilationCache(CompilationCache cache) {
			this.cache = Objects.requireNonNull(cache, "cache");
			return this;
		}

		/**
		 * Set the timeout of modules that do not set their own; {@link Duration#ZERO}
		 * means none.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder withDefaultTimeout(Duration timeout) {
			if (timeout.isNegative()) {
				throw new IllegalArgumentException("A timeout must not be negative: " + timeout);
			}
			this.defaultTimeout = timeout;
			return this;
		}

		/**
		 * Set the memory limit of modules that do not set their own, in bytes;
		 * {@code null} means the module's declared maximum. The default never goes below
		 * a module's declared minimum.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder withDefaultMaxMemory(@Nullable Long bytes) {
			this.defaultMaxMemoryBytes = bytes;
			return this;
		}

		/**
		 * Set how many table elements one instance may hold across its tables, for
		 * modules that do not set their own limit; defaults to
		 * {@value WasmRuntime#DEFAULT_MAX_TABLE_ELEMENTS}.
		 * @param elements the limit
		 * @return this builder
		 */
		public Builder withDefaultMaxTableElements(long elements) {
			if (elements < 0) {
				throw new IllegalArgumentException("A table-element limit must not be negative: " + elements);
			}
			this.defaultMaxTableElements = elements;
			return this;
		}

		/**
		 * Set the largest module, in bytes, that may be loaded; defaults to
		 * {@value WasmRuntime#DEFAULT_MAX_MODULE_SIZE}.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder withMaxModuleSize(long bytes) {
			if (bytes <= 0) {
				throw new IllegalArgumentException("A module size limit must be positive: " + bytes);
			}
			this.maxModuleSize = bytes;
			return this;
		}

		/**
		 * Set how long loading a module may wait for its compilation;
		 * {@link Duration#ZERO} means no limit. Defaults to one minute.
		 * @param timeout the limit
		 * @return this builder
		 */
		public Builder withCompileTimeout(Duration timeout) {
			if (timeout.isNegative()) {
				throw new IllegalArgumentException("A compile timeout must not be negative: " + timeout);
			}
			this.compileTimeout = timeout;
			return this;
		}

		/**
		 * Set how many files the WASI guests of all modules may hold open at once; an
		 * open beyond it answers the guest {@code ENFILE}. Each module's own limit
		 * ({@link WasiConfig#withMaxOpenFiles}) still bounds each instance. Defaults
		 * ({@code null}) to half of the process's open-file limit ({@code ulimit -n}), or
		 * 1024 where the JVM does not report it.
		 * @param count the limit, at least 1, or {@code null} for the default
		 * @return this builder
		 */
		public Builder withMaxWasiOpenFiles(@Nullable Integer count) {
			if (count != null && count < 1) {
				throw new IllegalArgumentException("A limit of open WASI files must be at least 1: " + count);
			}
			this.maxWasiOpenFiles = count;
			return this;
		}

		/**
		 * Set the host functions modules link against, replacing any set before.
		 * @param functions the host functions
		 * @return this builder
		 */
		public Builder withHostFunctions(Collection<? extends WasmHostFunction> functions) {
			this.hostFunctions = List.copyOf(functions);
			return this;
		}

		/**
		 * Set how error messages name the settings a user can change (an integration
		 * names its own configuration properties).
		 * @param settingNames the setting names
		 * @return this builder
		 */
		public Builder withSettingNames(WasmSettingNames settingNames) {
			this.settingNames = Objects.requireNonNull(settingNames, "settingNames");
			return this;
		}

		/**
		 * Resolve module names the runtime does not know when they are first used, for
		 * example a tenant's name to its plugin.
		 * @param resolver the resolver, or {@code null} for none
		 * @return this builder
		 */
		public Builder withModuleResolver(@Nullable WasmModuleResolver resolver) {
			this.moduleResolver = resolver;
			return this;
		}

		/**
		 * Hold at most this many modules loaded at once: loading one more unloads the
		 * least recently used, which is loaded again on its next use (from the disk
		 * cache, without compiling, when the compilation cache has a directory).
		 * Instances already created keep their module until they close.
		 * @param modules the limit, or 0 for none (the default)
		 * @return this builder
		 */
		public Builder withMaxLoadedModules(int modules) {
			if (modules < 0) {
				throw new IllegalArgumentException(
						"The most modules loaded at once must be 0 (no limit) or more, not " + modules);
			}
			this.maxLoadedModules = modules;
			return this;
		}

		/**
		 * Build the runtime.
		 * @return a new runtime, to be closed by the caller
		 */
		public WasmRuntime build() {
			return new WasmRuntime(this);
		}

	}

	/** Instances created and ended under one module name; live is created minus ended. */
	static final class InstanceCounters {

		final LongAdder created = new LongAdder();

		final LongAdder ended = new LongAdder();

		WasmInstanceCounts snapshot() {
			// ended first, so that live is never negative
			long ended = this.ended.sum();
			return new WasmInstanceCounts(this.created.sum() - ended, this.created.sum());
		}

	}

}
