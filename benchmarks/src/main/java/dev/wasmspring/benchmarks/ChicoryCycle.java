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

package dev.wasmspring.benchmarks;

import java.util.function.Function;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * A request served by raw Chicory done right: the module parsed once and its machine
 * factory compiled once, then a fresh {@link Instance} per request with the faster
 * {@link ByteArrayMemory}, the reactor's {@code _initialize}, and the call. Its memory
 * has the limit the starter applies by default (16 MiB), so both allocate under the same
 * bound. A module that imports WASI gets Chicory's WASI with a state of its own per
 * instance. This is the baseline the starter must match.
 */
final class ChicoryCycle implements RequestCycle {

	private final WasmModule module;

	private final Function<Instance, Machine> machineFactory;

	private final MemoryLimits memoryLimits;

	private final boolean reactor;

	private final boolean wasi;

	private final String export;

	private final long[] args;

	private final long expected;

	/**
	 * Prepares the cycle of one module.
	 * @param module the module
	 * @param initialize whether a reactor's {@code _initialize} runs, as a request needs;
	 * without it the cycle measures instantiation alone
	 */
	ChicoryCycle(BenchmarkModule module, boolean initialize) {
		this.module = Chicory.parse(module.bytes());
		this.machineFactory = MachineFactoryCompiler.compile(this.module);
		this.memoryLimits = Chicory.starterLimits(this.module, module.maxMemory());
		this.wasi = module.wasi();
		this.reactor = initialize && Chicory.isReactor(this.module);
		this.export = module.export();
		this.args = module.args();
		this.expected = module.expected();
	}

	@Override
	public long run() {
		Instance.Builder builder = Instance.builder(this.module)
			.withMachineFactory(this.machineFactory)
			.withMemoryFactory(ByteArrayMemory::new);
		if (this.wasi) {
			// every instance its own WASI state, as every request needs
			WasiPreview1 wasi = WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build();
			builder.withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build());
		}
		if (this.memoryLimits != null) {
			builder.withMemoryLimits(this.memoryLimits);
		}
		Instance instance = builder.build();
		if (this.reactor) {
			instance.export(Chicory.INITIALIZE).apply();
		}
		return instance.export(this.export).apply(this.args)[0];
	}

	@Override
	public long expected() {
		return this.expected;
	}

}
