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

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * A request served by raw Chicory as its compiler documentation shows it:
 * {@code Instance.builder(module).withMachineFactory(MachineFactoryCompiler::compile).build()},
 * which translates the whole module to bytecode again for every instance. The module is
 * parsed once, so the difference to {@link ChicoryCycle} is the per-instance compilation
 * (and the default memory).
 */
final class ChicoryAsDocumentedCycle implements RequestCycle {

	private final WasmModule module;

	private final boolean reactor;

	private final String export;

	private final long[] args;

	private final long expected;

	ChicoryAsDocumentedCycle(BenchmarkModule module) {
		this.module = Chicory.parse(module.bytes());
		this.reactor = Chicory.isReactor(this.module);
		this.export = module.export();
		this.args = module.args();
		this.expected = module.expected();
	}

	@Override
	public long run() {
		Instance instance = Instance.builder(this.module).withMachineFactory(MachineFactoryCompiler::compile).build();
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
