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

package dev.wasmspring.runtime.internal.module;

import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.internal.instance.InstanceTally;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.wasi.WasiOpenFiles;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.statistics.WasmRuntimeObserver;
import org.jspecify.annotations.Nullable;

/**
 * What a runtime's modules and instances share, and all they see of the runtime: its
 * memory budget, its watchdog, its observer, its limit of open WASI files, how its
 * messages name settings, and the count of its instances.
 */
public final class RuntimeServices {

	private final WasmSettingNames settingNames;

	private final WasmRuntimeObserver observer;

	private final MemoryBudget memoryBudget;

	private final WasiOpenFiles wasiOpenFiles;

	private final long defaultMaxAnswerBytes;

	private final @Nullable Long defaultFuel;

	private final CallWatchdog watchdog = new CallWatchdog("wasm-call-watchdog");

	private final InstanceTally instances = new InstanceTally();

	private final ApiAccess api;

	/**
	 * Create the services of one runtime.
	 * @param api what the machinery may do to API objects
	 * @param settingNames how messages name settings
	 * @param observer the observer of loads, instantiations and calls
	 * @param maxWasiOpenFiles the limit of open WASI files, or null for the default
	 * @param memoryBudget the memory budget in bytes, or null for the default
	 * @param defaultMaxAnswerBytes the answer-size limit of modules that set none
	 * @param defaultFuel the fuel budget per call of modules that set none, or null
	 */
	public RuntimeServices(ApiAccess api, WasmSettingNames settingNames, WasmRuntimeObserver observer,
			@Nullable Integer maxWasiOpenFiles, @Nullable Long memoryBudget, long defaultMaxAnswerBytes,
			@Nullable Long defaultFuel) {
		this.api = api;
		this.settingNames = settingNames;
		this.observer = observer;
		this.wasiOpenFiles = (maxWasiOpenFiles != null)
				? new WasiOpenFiles(maxWasiOpenFiles, settingNames.wasiMaxOpenFiles())
				: WasiOpenFiles.withDefaultLimit(settingNames.wasiMaxOpenFiles());
		this.memoryBudget = new MemoryBudget((memoryBudget != null) ? memoryBudget : MemoryBudget.defaultCapacity());
		this.defaultMaxAnswerBytes = defaultMaxAnswerBytes;
		this.defaultFuel = defaultFuel;
	}

	/**
	 * Return what the machinery may do to API objects.
	 * @return the access
	 */
	public ApiAccess api() {
		return this.api;
	}

	public WasmSettingNames settingNames() {
		return this.settingNames;
	}

	public WasmRuntimeObserver observer() {
		return this.observer;
	}

	public MemoryBudget memoryBudget() {
		return this.memoryBudget;
	}

	/**
	 * The files the WASI guests of all the runtime's modules hold open, against the
	 * runtime-wide limit.
	 */
	public WasiOpenFiles wasiOpenFiles() {
		return this.wasiOpenFiles;
	}

	public CallWatchdog watchdog() {
		return this.watchdog;
	}

	public InstanceTally instances() {
		return this.instances;
	}

	public long maxAnswerBytes(WasmModuleDefinition definition) {
		Long explicit = definition.maxAnswerBytes();
		return (explicit != null) ? explicit : this.defaultMaxAnswerBytes;
	}

	/**
	 * The fuel budget per call of a module: its own, or the runtime's default; 0 for
	 * none.
	 */
	public long fuelBudget(WasmModuleDefinition definition) {
		Long explicit = definition.fuel();
		Long fuel = (explicit != null) ? explicit : this.defaultFuel;
		Long instance = definition.instanceFuel();
		if ((fuel == null || fuel <= 0) && instance != null) {
			// metered all the same: a call cannot use more than the whole instance may
			return instance;
		}
		return (fuel != null) ? fuel : 0;
	}

	public InstanceTally.Counters instanceCounters(String name) {
		return this.instances.countersFor(name);
	}

	public void instanceCreated(LoadedModule module) {
		this.instances.created(module.instanceCounters);
	}

	public void instanceEnded(LoadedModule module) {
		this.instances.ended(module.instanceCounters);
	}

}
