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

package dev.wasmspring.runtime.internal.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.internal.call.RunningInstance;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.compile.ContentDigest;
import dev.wasmspring.runtime.internal.compile.ModuleParser;
import dev.wasmspring.runtime.internal.extism.ExtismManifest;
import dev.wasmspring.runtime.internal.extism.ExtismManifestSettings;
import dev.wasmspring.runtime.internal.fuel.FuelInstrumenter;
import dev.wasmspring.runtime.internal.host.ImportPlan;
import dev.wasmspring.runtime.internal.host.LinkedModules;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.memory.MemoryBounds;
import dev.wasmspring.runtime.internal.module.ApiAccess;
import dev.wasmspring.runtime.internal.module.LoadedModule;
import dev.wasmspring.runtime.internal.module.RuntimeServices;
import dev.wasmspring.runtime.internal.snapshot.InstanceSnapshot;
import dev.wasmspring.runtime.internal.snapshot.SnapshotTaker;
import dev.wasmspring.runtime.internal.wasi.WasiDirectories;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.statistics.WasmRuntimeObserver;
import org.jspecify.annotations.Nullable;

/**
 * Turns definitions into loaded modules, in parallel, all or none: reads the bytes,
 * compiles them through the gate and the cache, resolves the limits, links the imports
 * and takes the snapshot a definition asks for. Each step is done by a class of its own;
 * this one orders them and releases what a failed load holds.
 */
public final class ModuleLoader {

	private final RuntimeServices services;

	private final CompilationCache cache;

	private final WasmEngine engine;

	private final Duration defaultTimeout;

	private final WasmSettingNames settingNames;

	private final WasmRuntimeObserver observer;

	private final MemoryBudget memoryBudget;

	private final ModuleReader reader;

	private final CompileGate compileGate;

	private final ModuleLimits limits;

	private final SnapshotTaker snapshots;

	private final ApiAccess api;

	/**
	 * Create the loader of one runtime.
	 * @param services what the runtime's modules share
	 * @param settings the runtime's settings for loading
	 */
	public ModuleLoader(RuntimeServices services, Settings settings) {
		this.services = services;
		this.api = services.api();
		this.cache = settings.cache();
		this.engine = settings.engine();
		this.defaultTimeout = settings.defaultTimeout();
		this.settingNames = services.settingNames();
		this.observer = services.observer();
		this.memoryBudget = services.memoryBudget();
		this.reader = new ModuleReader(settings.maxModuleSize(), this.settingNames);
		this.compileGate = new CompileGate(settings.compileTimeout(), settings.maxConcurrentCompilations(),
				this.settingNames);
		this.limits = new ModuleLimits(settings.defaultMaxMemoryBytes(), settings.defaultMaxTableElements(),
				this.settingNames);
		this.snapshots = new SnapshotTaker(this.settingNames);
	}

	/**
	 * A runtime's settings for loading modules.
	 *
	 * @param cache the compilation cache
	 * @param engine the engine modules are compiled for
	 * @param defaultTimeout the call timeout of modules that set none
	 * @param maxModuleSize the largest module that may be read
	 * @param compileTimeout how long a load may wait for its compilation
	 * @param maxConcurrentCompilations how many compilations may run at once
	 * @param defaultMaxMemoryBytes the memory limit of modules that set none, or null
	 * @param defaultMaxTableElements the table limit of modules that set none
	 */
	public record Settings(CompilationCache cache, WasmEngine engine, Duration defaultTimeout, long maxModuleSize,
			Duration compileTimeout, int maxConcurrentCompilations, @Nullable Long defaultMaxMemoryBytes,
			long defaultMaxTableElements) {

	}

	public CompileGate compileGate() {
		return this.compileGate;
	}

	/**
	 * Load modules, in parallel if there are several: all of them, or none and the first
	 * failure is thrown with the others suppressed.
	 */
	public List<LoadedModule> loadAll(Collection<WasmModuleDefinition> definitions,
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
				RuntimeException cause = (ex.getCause() instanceof RuntimeException unchecked) ? unchecked
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
			byte[] bytes = this.reader.read(definition, reading);
			if (ExtismManifest.isManifest(bytes)) {
				return loadManifest(definition, hostFunctions, bytes, reading);
			}
			return loadRead(definition, hostFunctions, bytes, true, null, List.of());
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
		this.reader.checkPinned(definition, ContentDigest.sha256(bytes));
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
		// the linked modules' handles live as long as the plugin's own: the cache counts
		// and shares their compiled code while the plugin holds it
		List<CompiledModule> handles = new ArrayList<>();
		try {
			// a metered plugin's linked modules are metered too, on the same budget
			boolean metered = this.services.fuelBudget(effective) > 0;
			for (ExtismManifest.Wasm entry : manifest.linked()) {
				String entryLocation = location + " " + entry.field();
				byte[] read = readEntry(effective, entry, reading);
				byte[] module = metered ? metered(read, name, entryLocation) : read;
				String digest = ContentDigest.sha256(module);
				CompiledModule handle = this.compileGate.compile(name, entryLocation,
						() -> this.api.compile(this.cache, module, digest, this.engine, name, entryLocation),
						CompiledModule::close);
				handles.add(handle);
				CompiledArtifact artifact = this.api.artifact(handle);
				linked.add(new LinkedModules.Module(entry.name(), artifact,
						ImportPlan.link(effective, artifact, hostFunctions, this.settingNames),
						this.limits.memoryBounds(effective, artifact),
						this.limits.maxTableElements(effective, artifact)));
			}
			byte[] main = readEntry(effective, manifest.main(), reading);
			return loadRead(effective, hostFunctions, main, false, linked.isEmpty() ? null : new LinkedModules(linked),
					handles);
		}
		catch (RuntimeException | Error ex) {
			handles.forEach(CompiledModule::close);
			throw ex;
		}
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
				Duration timeout = definition.source().locationTimeout();
				source = ModuleSource.ofUrl(entry.url(), entry.headers(),
						(timeout != null) ? timeout : MANIFEST_DOWNLOAD_TIMEOUT);
			}
			else {
				// an absolute path too goes through the manifest's source, which may note
				// the file (to watch it) and otherwise reads the file itself
				source = definition.source().resolve(entry.path());
			}
		}
		catch (IOException | RuntimeException ex) {
			throw new WasmModuleLoadException(name, location, Reason.BAD_MANIFEST, "field '" + entry.field()
					+ "' names a module that cannot be found (" + ex.getMessage() + "); correct its path or url", ex);
		}
		byte[] bytes;
		try {
			bytes = this.reader.read(definition.withSource(source), reading);
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
			ExtismManifest.checkHash(entry, ContentDigest.sha256(bytes));
		}
		catch (ExtismManifest.Invalid ex) {
			throw new WasmModuleLoadException(name, location, Reason.BAD_MANIFEST, ex.getMessage(), null);
		}
		return bytes;
	}

	/**
	 * How long downloading a module an Extism manifest names by URL may take when the
	 * manifest's source gives no timeout ({@link ModuleSource#locationTimeout()}).
	 */
	static final Duration MANIFEST_DOWNLOAD_TIMEOUT = Duration.ofSeconds(30);

	private LoadedModule loadRead(WasmModuleDefinition definition,
			Map<ImportPlan.HostKey, List<WasmHostFunction>> hostFunctions, byte[] bytes, boolean checkPin,
			@Nullable LinkedModules linked, List<CompiledModule> linkedHandles) {
		String name = definition.name();
		String location = definition.source().location();
		String verified = this.reader.verify(definition, bytes, checkPin);
		// bytes rewritten for fuel are compiled and cached under their own digest
		byte[] code = (this.services.fuelBudget(definition) > 0) ? metered(bytes, name, location) : bytes;
		String digest = (code != bytes) ? ContentDigest.sha256(code) : verified;
		CompiledModule handle = this.compileGate.compile(name, location,
				() -> this.api.compile(this.cache, code, digest, this.engine, name, location), CompiledModule::close);
		// from here on the plugin's handle releases its linked modules' handles
		this.api.holdLinked(handle, linkedHandles);
		try {
			CompiledArtifact artifact = this.api.artifact(handle);
			MemoryBounds bounds = this.limits.memoryBounds(definition, artifact);
			long maxTableElements = this.limits.maxTableElements(definition, artifact);
			int[] fuelGlobals = artifact.fuelGlobals();
			// linked modules count in the main module's fuel globals, shared
			ImportPlan plan = ImportPlan.link(definition, artifact, hostFunctions, this.settingNames,
					(linked != null && fuelGlobals != null) ? linked.sharingFuel(fuelGlobals[0], fuelGlobals[1])
							: linked);
			Duration timeout = Objects.requireNonNullElse(definition.timeout(), this.defaultTimeout);
			LoadedModule loaded = new LoadedModule(definition, verified, handle, plan, bounds, timeout.toNanos(),
					maxTableElements, this.services);
			return definition.snapshot().isEnabled() ? snapshot(loaded) : loaded;
		}
		catch (RuntimeException ex) {
			handle.close();
			throw ex;
		}
	}

	/**
	 * Rewrite a module's bytes so that they meter themselves, or say why they cannot be.
	 * @throws WasmModuleLoadException if the bytes are no module (as the parser says) or
	 * use what the rewrite does not support
	 */
	private byte[] metered(byte[] bytes, String name, String location) {
		try {
			return FuelInstrumenter.instrument(bytes).bytes();
		}
		catch (FuelInstrumenter.UnsupportedModuleException ex) {
			// bytes that are no module fail as they fail without fuel
			ModuleParser.parse(bytes, name, location);
			throw new WasmModuleLoadException(name, location, Reason.UNSUPPORTED,
					"fuel metering cannot rewrite it: " + ex.getMessage() + "; set " + this.settingNames.fuel(name)
							+ " to 0 for this module and bound it with its timeout alone",
					null);
		}
	}

	/**
	 * Run the module's initialisation once, with an empty context, and return the module
	 * with its instances started from the state it left.
	 */
	private LoadedModule snapshot(LoadedModule module) {
		String initializer = module.definition.snapshot().initializer();
		InstanceSnapshot snapshot = this.snapshots.take(module.definition, module.artifact, (recorder) -> {
			try (RunningInstance instance = RunningInstance.withSetup(module, Map.of(), recorder)) {
				if (initializer != null) {
					instance.callRaw(initializer);
				}
				return InstanceSnapshot.capture(instance.guest().engineInstance(), recorder.inputsRead());
			}
		});
		return module.withSetup(snapshot);
	}

}
