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

import java.time.Duration;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.module.WasmSnapshot;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.wasi.WasiConfig;

/**
 * A request served the way an application uses the starter: a new instance from the
 * runtime by module name, one {@code callRaw}, then {@code close}. Reactor modules get
 * their {@code _initialize} from the starter, or start from a snapshot taken after it.
 */
final class StarterCycle implements RequestCycle {

	private final WasmRuntime runtime;

	private final String name;

	private final String export;

	private final long[] args;

	private final long expected;

	StarterCycle(BenchmarkModule module, WasmEngine engine, Duration timeout) {
		this(module, engine, timeout, WasmSnapshot.NONE);
	}

	StarterCycle(BenchmarkModule module, WasmEngine engine, Duration timeout, WasmSnapshot snapshot) {
		// a cache of its own, so nothing compiled by another benchmark state is reused
		this.runtime = WasmRuntime.builder().withEngine(engine).withCompilationCache(CompilationCache.create()).build();
		WasmModuleDefinition definition = WasmModuleDefinition
			.of(module.id(), ModuleSource.of(module.id() + ".wasm", module.bytes()))
			.withTimeout(timeout)
			.withSnapshot(snapshot)
			.withMaxMemory(module.maxMemory());
		this.runtime.define(module.wasi() ? definition.withWasi(WasiConfig.enabled()) : definition);
		this.name = module.id();
		this.export = module.export();
		this.args = module.args();
		this.expected = module.expected();
	}

	@Override
	public long run() {
		try (WasmInstance instance = this.runtime.newInstance(this.name)) {
			return instance.callRaw(this.export, this.args)[0];
		}
	}

	@Override
	public long expected() {
		return this.expected;
	}

	@Override
	public void close() {
		this.runtime.close();
	}

}
