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

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;

/**
 * A text-in, text-out call of slugify.wasm through the memory ABI: UTF-8 encode,
 * {@code alloc} in the guest, write, call {@code slugify(ptr, len) -> (ptr << 32) | len},
 * read, decode. The guest's bump allocator never frees, so every variant replaces its
 * instance after the same number of calls, keeping memory growth bounded and the instance
 * cost equal on both sides. Used by one thread; whoever creates one closes it.
 */
abstract class TextCall implements AutoCloseable {

	static final String MODULE = "slugify";

	static final String EXPORT = "slugify";

	/**
	 * Guest memory a bounded instance may use for inputs and answers before it is
	 * replaced.
	 */
	private static final int BYTES_PER_INSTANCE = 512 * 1024;

	private final int callsPerInstance;

	private int calls;

	TextCall(int textBytes) {
		// each call allocates the input and an answer of at most the same size
		this.callsPerInstance = Math.max(1, BYTES_PER_INSTANCE / (2 * textBytes));
	}

	static TextCall create(String variant, int textBytes) {
		return switch (variant) {
			case "starter" -> new ThroughStarter(textBytes);
			case "chicory" -> new ByHandOnChicory(textBytes);
			default -> throw new IllegalArgumentException("No text call variant '" + variant + "'");
		};
	}

	static byte[] moduleBytes() {
		return BenchmarkModule.read("plugins/slugify.wasm");
	}

	final String call(String text) {
		if (this.calls++ == this.callsPerInstance) {
			renew();
			this.calls = 1;
		}
		return callOnCurrent(text);
	}

	abstract void renew();

	abstract String callOnCurrent(String text);

	@Override
	public abstract void close();

	/** {@link WasmInstance#callText} on a starter instance. */
	static final class ThroughStarter extends TextCall {

		private final WasmRuntime runtime;

		private WasmInstance instance;

		ThroughStarter(int textBytes) {
			super(textBytes);
			this.runtime = WasmRuntime.builder()
				.withCompilationCache(CompilationCache.create())
				.withDefaultTimeout(RequestCycle.TIMEOUT)
				.build();
			this.runtime.define(WasmModuleDefinition.of(MODULE, ModuleSource.of(MODULE + ".wasm", moduleBytes())));
			this.instance = this.runtime.newInstance(MODULE);
		}

		@Override
		void renew() {
			this.instance.close();
			this.instance = this.runtime.newInstance(MODULE);
		}

		@Override
		String callOnCurrent(String text) {
			return this.instance.callText(EXPORT, text);
		}

		@Override
		public void close() {
			this.instance.close();
			this.runtime.close();
		}

	}

	/**
	 * The same by hand on raw Chicory, exports and memory looked up once per instance.
	 */
	static final class ByHandOnChicory extends TextCall {

		private final WasmModule module;

		private final Function<Instance, Machine> machineFactory;

		private ExportFunction alloc;

		private ExportFunction slugify;

		private Memory memory;

		ByHandOnChicory(int textBytes) {
			super(textBytes);
			this.module = Chicory.parse(moduleBytes());
			this.machineFactory = MachineFactoryCompiler.compile(this.module);
			renew();
		}

		@Override
		void renew() {
			Instance instance = Instance.builder(this.module)
				.withMachineFactory(this.machineFactory)
				.withMemoryFactory(ByteArrayMemory::new)
				.build();
			this.alloc = instance.export("alloc");
			this.slugify = instance.export(EXPORT);
			this.memory = instance.memory();
		}

		@Override
		String callOnCurrent(String text) {
			byte[] input = text.getBytes(StandardCharsets.UTF_8);
			int pointer = (int) this.alloc.apply(input.length)[0];
			this.memory.write(pointer, input);
			long packed = this.slugify.apply(pointer, input.length)[0];
			return this.memory.readString((int) (packed >>> 32), (int) packed);
		}

		@Override
		public void close() {
		}

	}

}
