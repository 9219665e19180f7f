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

import dev.wasmspring.runtime.internal.instance.InstanceTally;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.wasi.WasiOpenFiles;
import org.jspecify.annotations.Nullable;

/**
 * What a runtime's modules and instances share, and all they see of the runtime: its
 * memory budget, its watchdog, its observer, its limit of open WASI files, how its
 * messages name settings, and the count of its instances.
 */
final class RuntimeServices {

	private final WasmSettingNames settingNames;

	private final WasmRuntimeObserver observer;

	private final MemoryBudget memoryBudget;

	private final WasiOpenFiles wasiOpenFiles;

	private final long defaultMaxAnswerBytes;

	private final @Nullable Long defaultFuel;

	private final CallWatchdog watchdog = new CallWatchdog("wasm-call-watchdog");

	private final InstanceTally instances = new InstanceTally();

	RuntimeServices(RuntimeOptions options) {
		this.settingNames = options.settingNames;
		this.observer = options.observer;
		this.wasiOpenFiles = (options.maxWasiOpenFiles != null)
				? new WasiOpenFiles(options.maxWasiOpenFiles, options.settingNames.wasiMaxOpenFiles())
				: WasiOpenFiles.withDefaultLimit(options.settingNames.wasiMaxOpenFiles());
		this.memoryBudget = new MemoryBudget(
				(options.memoryBudget != null) ? options.memoryBudget : MemoryBudget.defaultCapacity());
		this.defaultMaxAnswerBytes = options.defaultMaxAnswerBytes;
		this.defaultFuel = options.defaultFuel;
	}

	WasmSettingNames settingNames() {
		return this.settingNames;
	}

	WasmRuntimeObserver observer() {
		return this.observer;
	}

	MemoryBudget memoryBudget() {
		return this.memoryBudget;
	}

	/**
	 * The files the WASI guests of all the runtime's modules hold open, against the
	 * runtime-wide limit.
	 */
	WasiOpenFiles wasiOpenFiles() {
		return this.wasiOpenFiles;
	}

	CallWatchdog watchdog() {
		return this.watchdog;
	}

	InstanceTally instances() {
		return this.instances;
	}

	long maxAnswerBytes(WasmModuleDefinition definition) {
		Long explicit = definition.maxAnswerBytes();
		return (explicit != null) ? explicit : this.defaultMaxAnswerBytes;
	}

	/**
	 * The fuel budget per call of a module: its own, or the runtime's default; 0 for
	 * none.
	 */
	long fuelBudget(WasmModuleDefinition definition) {
		Long explicit = definition.fuel();
		Long fuel = (explicit != null) ? explicit : this.defaultFuel;
		Long instance = definition.instanceFuel();
		if ((fuel == null || fuel <= 0) && instance != null) {
			// metered all the same: a call cannot use more than the whole instance may
			return instance;
		}
		return (fuel != null) ? fuel : 0;
	}

	InstanceTally.Counters instanceCounters(String name) {
		return this.instances.countersFor(name);
	}

	void instanceCreated(LoadedModule module) {
		this.instances.created(module.instanceCounters);
	}

	void instanceEnded(LoadedModule module) {
		this.instances.ended(module.instanceCounters);
	}

}
