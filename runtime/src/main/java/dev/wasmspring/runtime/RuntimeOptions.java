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

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompileAccess;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.ExceptionAccess;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.function.FunctionAccess;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmCancelHandle;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.context.CallingInstance;
import dev.wasmspring.runtime.internal.extism.ExtismKernel;
import dev.wasmspring.runtime.internal.limits.CallCancellation;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;
import dev.wasmspring.runtime.internal.load.ModuleLoader;
import dev.wasmspring.runtime.internal.module.ApiAccess;
import dev.wasmspring.runtime.internal.module.RuntimeServices;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.module.WasmModuleResolver;
import dev.wasmspring.runtime.statistics.WasmRuntimeObserver;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.jspecify.annotations.Nullable;

/**
 * The settings a {@link WasmRuntime.Builder} collects, with their defaults, checks and
 * documentation: kept apart from the runtime so that its source shows what it does, not
 * how it is configured. Each setting returns the builder itself, not this type: code
 * compiled against earlier versions, whose builder declared these methods, still links
 * (the compiler gives the public builder a public copy of each method, with the same
 * signature). It also makes the machinery a runtime is built from: its shared services
 * and its loader, handed the one {@link ApiAccess} through which the internal packages
 * reach the API's package-private members.
 */
abstract class RuntimeOptions {

	WasmEngine engine = WasmEngine.COMPILER;

	CompilationCache cache = CompilationCache.shared();

	Duration defaultTimeout = WasmRuntime.DEFAULT_TIMEOUT;

	@Nullable Long defaultMaxMemoryBytes = WasmRuntime.DEFAULT_MAX_MEMORY_BYTES;

	long defaultMaxTableElements = WasmRuntime.DEFAULT_MAX_TABLE_ELEMENTS;

	long maxModuleSize = WasmRuntime.DEFAULT_MAX_MODULE_SIZE;

	Duration compileTimeout = WasmRuntime.DEFAULT_COMPILE_TIMEOUT;

	List<WasmHostFunction> hostFunctions = List.of();

	WasmSettingNames settingNames = WasmSettingNames.RUNTIME;

	WasmRuntimeObserver observer = WasmRuntimeObserver.NONE;

	@Nullable Long memoryBudget;

	long defaultMaxAnswerBytes = WasmRuntime.DEFAULT_MAX_ANSWER_BYTES;

	@Nullable Long defaultFuel;

	int maxConcurrentCompilations = Math.max(1, Runtime.getRuntime().availableProcessors());

	@Nullable Integer maxWasiOpenFiles;

	RuntimeOptions() {
	}

	@Nullable WasmModuleResolver moduleResolver;

	int maxLoadedModules;

	private WasmRuntime.Builder self() {
		return (WasmRuntime.Builder) this;
	}

	/**
	 * Set the runtime's memory budget: the heap every instance of every module together
	 * may make the host hold (memory pages they write, tables, globals, Extism blocks and
	 * variables, answers being copied). Each byte is reserved before it is allocated; an
	 * operation whose reservation does not fit fails with
	 * {@link WasmTrapException.Kind#RESOURCE_EXHAUSTED} and nothing else is affected.
	 * Defaults to
	 * {@value dev.wasmspring.runtime.internal.limits.MemoryBudget#DEFAULT_HEAP_PERCENT}%
	 * of the JVM's maximum heap.
	 * @param bytes the budget, positive; {@code null} for the default
	 * @return this builder
	 */
	public WasmRuntime.Builder withMemoryBudget(@Nullable Long bytes) {
		if (bytes != null && bytes <= 0) {
			throw new IllegalArgumentException("A memory budget must be positive: " + bytes);
		}
		this.memoryBudget = bytes;
		return self();
	}

	/**
	 * Set the answer-size limit of modules that set none
	 * ({@link WasmModuleDefinition#withMaxAnswerSize}); defaults to
	 * {@value WasmRuntime#DEFAULT_MAX_ANSWER_BYTES} bytes.
	 * @param bytes the limit
	 * @return this builder
	 */
	public WasmRuntime.Builder withDefaultMaxAnswerSize(long bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("An answer-size limit must not be negative: " + bytes);
		}
		this.defaultMaxAnswerBytes = bytes;
		return self();
	}

	/**
	 * Set the fuel budget per call of modules that set none
	 * ({@link WasmModuleDefinition#withFuel(Long)}): a deterministic limit on the
	 * WebAssembly instructions a call executes. {@code null} or 0, the default, meters
	 * nothing.
	 * @param fuel the budget per call, in units of fuel
	 * @return this builder
	 */
	public WasmRuntime.Builder withDefaultFuel(@Nullable Long fuel) {
		if (fuel != null && fuel < 0) {
			throw new IllegalArgumentException("A fuel budget must not be negative: " + fuel);
		}
		this.defaultFuel = fuel;
		return self();
	}

	/**
	 * Set how many modules may compile at once; defaults to the number of processors. A
	 * compilation whose caller gave up (its compile timeout passed) before it started
	 * never starts; one already running goes on until it ends and is counted by
	 * {@link WasmRuntime#abandonedCompilations()} meanwhile.
	 * @param compilations the limit, at least 1
	 * @return this builder
	 */
	public WasmRuntime.Builder withMaxConcurrentCompilations(int compilations) {
		if (compilations < 1) {
			throw new IllegalArgumentException("At least one compilation must be allowed: " + compilations);
		}
		this.maxConcurrentCompilations = compilations;
		return self();
	}

	/**
	 * Set the observer of loads, instantiations and calls;
	 * {@link WasmRuntimeObserver#NONE} (the default) observes nothing at no cost.
	 * @param observer the observer
	 * @return this builder
	 */
	public WasmRuntime.Builder withObserver(WasmRuntimeObserver observer) {
		this.observer = Objects.requireNonNull(observer, "observer");
		return self();
	}

	/**
	 * Set the engine modules are compiled for.
	 * @param engine the engine
	 * @return this builder
	 */
	public WasmRuntime.Builder withEngine(WasmEngine engine) {
		this.engine = Objects.requireNonNull(engine, "engine");
		return self();
	}

	/**
	 * Set the cache compiled modules are kept in.
	 * @param cache the cache
	 * @return this builder
	 */
	public WasmRuntime.Builder withCompilationCache(CompilationCache cache) {
		this.cache = Objects.requireNonNull(cache, "cache");
		return self();
	}

	/**
	 * Set the timeout of modules that do not set their own; {@link Duration#ZERO} means
	 * none.
	 * @param timeout the timeout
	 * @return this builder
	 */
	public WasmRuntime.Builder withDefaultTimeout(Duration timeout) {
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("A timeout must not be negative: " + timeout);
		}
		this.defaultTimeout = timeout;
		return self();
	}

	/**
	 * Set the memory limit of modules that do not set their own, in bytes; {@code null}
	 * means the module's declared maximum. The default never goes below a module's
	 * declared minimum. Defaults to {@value WasmRuntime#DEFAULT_MAX_MEMORY_BYTES} bytes
	 * (16 MiB); a module whose initial memory is larger than the default fails to load
	 * until it is given a limit of its own (rather than run with no room to grow).
	 * @param bytes the limit
	 * @return this builder
	 */
	public WasmRuntime.Builder withDefaultMaxMemory(@Nullable Long bytes) {
		this.defaultMaxMemoryBytes = bytes;
		return self();
	}

	/**
	 * Set how many table elements one instance may hold across its tables, for modules
	 * that do not set their own limit; defaults to
	 * {@value WasmRuntime#DEFAULT_MAX_TABLE_ELEMENTS}: about 1 MiB of heap per instance
	 * at most, far above what compilers emit for function pointers.
	 * @param elements the limit
	 * @return this builder
	 */
	public WasmRuntime.Builder withDefaultMaxTableElements(long elements) {
		if (elements < 0) {
			throw new IllegalArgumentException("A table-element limit must not be negative: " + elements);
		}
		this.defaultMaxTableElements = elements;
		return self();
	}

	/**
	 * Set the largest module, in bytes, that may be loaded; defaults to
	 * {@value WasmRuntime#DEFAULT_MAX_MODULE_SIZE}.
	 * @param bytes the limit
	 * @return this builder
	 */
	public WasmRuntime.Builder withMaxModuleSize(long bytes) {
		if (bytes <= 0) {
			throw new IllegalArgumentException("A module size limit must be positive: " + bytes);
		}
		this.maxModuleSize = bytes;
		return self();
	}

	/**
	 * Set how long loading a module may wait for its compilation; {@link Duration#ZERO}
	 * means no limit. Defaults to one minute.
	 * @param timeout the limit
	 * @return this builder
	 */
	public WasmRuntime.Builder withCompileTimeout(Duration timeout) {
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("A compile timeout must not be negative: " + timeout);
		}
		this.compileTimeout = timeout;
		return self();
	}

	/**
	 * Set how many files the WASI guests of all modules may hold open at once; an open
	 * beyond it answers the guest {@code ENFILE}. Each module's own limit
	 * ({@link WasiConfig#withMaxOpenFiles}) still bounds each instance. Defaults
	 * ({@code null}) to half of the process's open-file limit ({@code ulimit -n}), or
	 * 1024 where the JVM does not report it.
	 * @param count the limit, at least 1, or {@code null} for the default
	 * @return this builder
	 */
	public WasmRuntime.Builder withMaxWasiOpenFiles(@Nullable Integer count) {
		if (count != null && count < 1) {
			throw new IllegalArgumentException("A limit of open WASI files must be at least 1: " + count);
		}
		this.maxWasiOpenFiles = count;
		return self();
	}

	/**
	 * Set the host functions modules link against, replacing any set before.
	 * @param functions the host functions
	 * @return this builder
	 */
	public WasmRuntime.Builder withHostFunctions(Collection<? extends WasmHostFunction> functions) {
		this.hostFunctions = List.copyOf(functions);
		return self();
	}

	/**
	 * Set how error messages name the settings a user can change (an integration names
	 * its own configuration properties).
	 * @param settingNames the setting names
	 * @return this builder
	 */
	public WasmRuntime.Builder withSettingNames(WasmSettingNames settingNames) {
		this.settingNames = Objects.requireNonNull(settingNames, "settingNames");
		return self();
	}

	/**
	 * Resolve module names the runtime does not know when they are first used, for
	 * example a tenant's name to its plugin.
	 * @param resolver the resolver, or {@code null} for none
	 * @return this builder
	 */
	public WasmRuntime.Builder withModuleResolver(@Nullable WasmModuleResolver resolver) {
		this.moduleResolver = resolver;
		return self();
	}

	/**
	 * Hold at most this many modules loaded at once: loading one more unloads the least
	 * recently used, which is loaded again on its next use (from the disk cache, without
	 * compiling, when the compilation cache has a directory). Instances already created
	 * keep their module until they close.
	 * @param modules the limit, or 0 for none (the default)
	 * @return this builder
	 */
	public WasmRuntime.Builder withMaxLoadedModules(int modules) {
		if (modules < 0) {
			throw new IllegalArgumentException(
					"The most modules loaded at once must be 0 (no limit) or more, not " + modules);
		}
		this.maxLoadedModules = modules;
		return self();
	}

	/** What a runtime built from these options shares among its modules and instances. */
	RuntimeServices services() {
		return new RuntimeServices(ACCESS, this.settingNames, this.observer, this.maxWasiOpenFiles, this.memoryBudget,
				this.defaultMaxAnswerBytes, this.defaultFuel);
	}

	/** The loader of a runtime built from these options. */
	ModuleLoader loader(RuntimeServices services) {
		return new ModuleLoader(services,
				new ModuleLoader.Settings(this.cache, this.engine, this.defaultTimeout, this.maxModuleSize,
						this.compileTimeout, this.maxConcurrentCompilations, this.defaultMaxMemoryBytes,
						this.defaultMaxTableElements));
	}

	private static final ApiAccess ACCESS = new Access();

	/**
	 * What the machinery may do to the API's objects: their members users do not see, for
	 * the internal packages. The API's leaf packages hand this class, and only classes of
	 * this package, an access object each ({@link FunctionAccess}, {@link CompileAccess},
	 * {@link ExceptionAccess}).
	 */
	private static final class Access implements ApiAccess {

		private static final FunctionAccess FUNCTIONS = FunctionAccess.grant();

		private static final ExceptionAccess EXCEPTIONS = ExceptionAccess.grant();

		private static final CompileAccess COMPILED = CompileAccess.grant();

		@Override
		public WasmCallContext newContext(String moduleName, Map<String, Object> attributes, CallingInstance instance) {
			return FUNCTIONS.newContext(moduleName, attributes, instance);
		}

		@Override
		public void attach(WasmCallContext context, WasmSettingNames settingNames) {
			FUNCTIONS.attach(context, settingNames);
		}

		@Override
		public void attachExtism(WasmCallContext context, ExtismKernel extism) {
			FUNCTIONS.attachExtism(context, extism);
		}

		@Override
		public void detach(WasmCallContext context) {
			FUNCTIONS.detach(context);
		}

		@Override
		public WasmCancelHandle cancelHandle(CallCancellation cancellation, CallWatchdog watchdog, String moduleName) {
			return FUNCTIONS.cancelHandle(cancellation, watchdog, moduleName);
		}

		@Override
		public WasmTrapException outOfMemory(String moduleName, String budgetSetting) {
			return EXCEPTIONS.outOfMemory(moduleName, budgetSetting);
		}

		@Override
		public WasmTrapException withNote(WasmTrapException trap, String note) {
			return EXCEPTIONS.withNote(trap, note);
		}

		@Override
		public CompiledModule compile(CompilationCache cache, byte[] bytes, String digest, WasmEngine engine,
				String moduleName, String location) {
			return COMPILED.compile(cache, bytes, digest, engine, moduleName, location);
		}

		@Override
		public CompiledArtifact artifact(CompiledModule module) {
			return COMPILED.artifact(module);
		}

		@Override
		public CompiledModule share(CompiledModule module) {
			return COMPILED.share(module);
		}

		@Override
		public void holdLinked(CompiledModule module, List<CompiledModule> linked) {
			COMPILED.holdLinked(module, linked);
		}

		@Override
		public CodeOrigin origin(CompiledModule module) {
			return new CodeOrigin(COMPILED.built(module), COMPILED.loadedFromDirectory(module),
					COMPILED.loadedAtBuildTime(module));
		}

	}

}
