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

import java.util.Arrays;
import java.util.List;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasmspring.host.WasmImportBinder;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;

/**
 * The ways a host function reaches the guest; one column of the host-call table each.
 * Every binding provides the same functions (see {@link HostImports} and
 * {@link HostImportMethods}); only the plumbing differs. A new binding that produces
 * {@link WasmHostFunction}s runs through {@link #starter} like
 * {@link #WASM_HOST_FUNCTION} and {@link #WASM_IMPORT}.
 */
enum HostBinding {

	/**
	 * A hand-written Chicory {@link HostFunction} per import, on a raw Chicory instance.
	 */
	CHICORY_HOST_FUNCTION("chicory-host-function") {

		@Override
		HostLoop open(HostLoopModule module, HostSink sink) {
			return new ChicoryHostLoop(module, sink);
		}

	},

	/**
	 * A hand-written {@link WasmHostFunction} per import (the runtime's SPI), on a
	 * starter instance.
	 */
	WASM_HOST_FUNCTION("wasm-host-function") {

		@Override
		HostLoop open(HostLoopModule module, HostSink sink) {
			return starter(module, HostImports.wasmHostFunctions(sink, module.importsOthers()));
		}

	},

	/**
	 * {@code @WasmImport} methods bound by the starter's {@link WasmImportBinder}, on a
	 * starter instance.
	 */
	WASM_IMPORT("wasm-import") {

		@Override
		HostLoop open(HostLoopModule module, HostSink sink) {
			HostImportMethods methods = module.importsOthers() ? new HostImportMethods.WithOthers(sink)
					: new HostImportMethods(sink);
			return starter(module, WasmImportBinder.standard().bindAll(methods));
		}

	};

	private final String id;

	HostBinding(String id) {
		this.id = id;
	}

	static HostBinding of(String id) {
		return Arrays.stream(values())
			.filter((binding) -> binding.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No host binding '" + id + "'"));
	}

	String id() {
		return this.id;
	}

	/**
	 * Instantiate the module with this binding's host functions.
	 * @param module the module
	 * @param sink where {@code env.set} adds its arguments
	 * @return the instance, to be closed by the caller
	 */
	abstract HostLoop open(HostLoopModule module, HostSink sink);

	/**
	 * A starter instance linked against the given host functions, with the default
	 * timeout on.
	 */
	static HostLoop starter(HostLoopModule module, List<WasmHostFunction> functions) {
		WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withDefaultTimeout(RequestCycle.TIMEOUT)
			.withHostFunctions(functions)
			.build();
		runtime.define(WasmModuleDefinition.of(module.id(), ModuleSource.of(module.id() + ".wasm", module.bytes())));
		WasmInstance instance = runtime.newInstance(module.id());
		return new HostLoop() {

			@Override
			public void setMany(long start, int count) {
				instance.callRaw("set_many", start, count);
			}

			@Override
			public long call(String export, long... args) {
				long[] results = instance.callRaw(export, args);
				return (results.length > 0) ? results[0] : 0;
			}

			@Override
			public void close() {
				instance.close();
				runtime.close();
			}

		};
	}

	/**
	 * A raw Chicory instance with hand-written host functions, compiled once like the
	 * starter does.
	 */
	static final class ChicoryHostLoop implements HostLoop {

		private final Instance instance;

		private final ExportFunction setMany;

		ChicoryHostLoop(HostLoopModule module, HostSink sink) {
			WasmModule parsed = Chicory.parse(module.bytes());
			List<HostFunction> functions = HostImports.chicoryFunctions(sink, module.importsOthers());
			this.instance = Instance.builder(parsed)
				.withMachineFactory(MachineFactoryCompiler.compile(parsed))
				.withMemoryFactory(ByteArrayMemory::new)
				.withImportValues(ImportValues.builder().addFunction(functions.toArray(new HostFunction[0])).build())
				.build();
			this.setMany = this.instance.export("set_many");
		}

		@Override
		public void setMany(long start, int count) {
			this.setMany.apply(start, count);
		}

		@Override
		public long call(String export, long... args) {
			long[] results = this.instance.export(export).apply(args);
			return (results != null && results.length > 0) ? results[0] : 0;
		}

		@Override
		public void close() {
		}

	}

}
