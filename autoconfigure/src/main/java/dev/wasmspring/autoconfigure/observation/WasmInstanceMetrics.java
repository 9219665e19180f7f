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

package dev.wasmspring.autoconfigure.observation;

import java.util.Collection;

import dev.wasmspring.runtime.WasmRuntime;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Per-module instance meters: {@code wasm.instances.live} (a gauge) and
 * {@code wasm.instances.created} (a counter), tagged with {@code wasm.module}; and the
 * runtime's memory budget: {@code wasm.memory.budget}, {@code wasm.memory.reserved} and
 * {@code wasm.memory.free} (gauges, bytes) and {@code wasm.memory.refusals} (a counter of
 * reservations the budget refused); and which modules are loaded:
 * {@code wasm.modules.defined} and {@code wasm.modules.loaded} (gauges),
 * {@code wasm.modules.evicted} and {@code wasm.modules.loads} tagged {@code wasm.code}
 * {@code compiled}, {@code disk-cache}, {@code build-time} or {@code memory} (counters of
 * loads on first use). Read from the runtime when the registry asks; nothing is recorded
 * on the call path. Thread-safe.
 */
public final class WasmInstanceMetrics implements MeterBinder {

	private final WasmRuntime runtime;

	private final Collection<String> modules;

	/**
	 * Create the meters' binder.
	 * @param runtime the runtime
	 * @param modules the names of the modules to meter
	 */
	public WasmInstanceMetrics(WasmRuntime runtime, Collection<String> modules) {
		this.runtime = runtime;
		this.modules = modules;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("wasm.memory.budget", this.runtime, (runtime) -> runtime.memoryUsage().budgetBytes())
			.baseUnit("bytes")
			.description("Heap every plugin instance together may make the application hold")
			.register(registry);
		Gauge.builder("wasm.memory.reserved", this.runtime, (runtime) -> runtime.memoryUsage().reservedBytes())
			.baseUnit("bytes")
			.description("Heap plugin instances hold now, reserved from the memory budget")
			.register(registry);
		Gauge.builder("wasm.memory.free", this.runtime, (runtime) -> runtime.memoryUsage().freeBytes())
			.baseUnit("bytes")
			.description("Memory budget not reserved now")
			.register(registry);
		FunctionCounter.builder("wasm.memory.refusals", this.runtime, (runtime) -> runtime.memoryUsage().refusals())
			.description("Reservations the memory budget refused since the application started")
			.register(registry);
		Gauge.builder("wasm.modules.defined", this.runtime, (runtime) -> runtime.residency().defined())
			.description("Modules defined, loaded or not")
			.register(registry);
		Gauge.builder("wasm.modules.loaded", this.runtime, (runtime) -> runtime.residency().loaded())
			.description("Modules loaded now: compiled code held, ready for instances")
			.register(registry);
		FunctionCounter.builder("wasm.modules.evicted", this.runtime, (runtime) -> runtime.residency().evicted())
			.description("Modules unloaded to stay within wasm.max-loaded-modules")
			.register(registry);
		FunctionCounter.builder("wasm.modules.loads", this.runtime, (runtime) -> runtime.residency().compiled())
			.tag("wasm.code", "compiled")
			.description("Modules loaded on their first use (lazy, resolved or evicted), by where their code came from")
			.register(registry);
		FunctionCounter.builder("wasm.modules.loads", this.runtime, (runtime) -> runtime.residency().fromDiskCache())
			.tag("wasm.code", "disk-cache")
			.description("Modules loaded on their first use (lazy, resolved or evicted), by where their code came from")
			.register(registry);
		FunctionCounter.builder("wasm.modules.loads", this.runtime, (runtime) -> runtime.residency().fromBuildTime())
			.tag("wasm.code", "build-time")
			.description("Modules loaded on their first use (lazy, resolved or evicted), by where their code came from")
			.register(registry);
		FunctionCounter.builder("wasm.modules.loads", this.runtime, (runtime) -> runtime.residency().fromMemory())
			.tag("wasm.code", "memory")
			.description("Modules loaded on their first use (lazy, resolved or evicted), by where their code came from")
			.register(registry);
		for (String module : this.modules) {
			Gauge.builder("wasm.instances.live", this.runtime, (runtime) -> runtime.instanceCounts(module).live())
				.tag("wasm.module", module)
				.description("Instances of the module created and not yet closed")
				.register(registry);
			FunctionCounter
				.builder("wasm.instances.created", this.runtime, (runtime) -> runtime.instanceCounts(module).created())
				.tag("wasm.module", module)
				.description("Instances of the module created since the application started")
				.register(registry);
		}
	}

}
