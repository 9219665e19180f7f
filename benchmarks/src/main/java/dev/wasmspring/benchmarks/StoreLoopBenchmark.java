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
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What copy-on-write costs a guest that stores a lot: large-memory.wasm's
 * {@code store_loop} makes 65,536 32-bit stores spread over 1 MiB, then reads every 64th
 * back; ns per store. The instance lives for the whole trial, so the pages it writes were
 * copied once, during warm-up: this is the steady cost of every store (one more array
 * read and null check), compared with raw Chicory's own memory. The one-time copies are
 * part of the per-request figures of {@link InstantiationBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+UseG1GC" })
public class StoreLoopBenchmark {

	static final int STORES = 65536;

	// chicory-bytebuffer: the engine's page-per-ByteBuffer memory, the access path a
	// memory off the heap would take
	@Param({ "chicory", "chicory-bytebuffer", "starter" })
	public String memory;

	private WasmRuntime runtime;

	private WasmInstance starter;

	private ExportFunction chicory;

	private long expected;

	@Setup(Level.Trial)
	public void setUp() {
		byte[] bytes = BenchmarkModule.LARGE_MEMORY.bytes();
		// each variant's JVM runs one kind of memory only, so the engine's memory call
		// sites stay monomorphic;
		// the answer is checked against the other engine, on the same kind of memory
		if (this.memory.equals("starter")) {
			this.runtime = runtime(WasmEngine.COMPILER, bytes);
			this.starter = this.runtime.newInstance("large-memory");
			try (WasmRuntime interpreter = runtime(WasmEngine.INTERPRETER, bytes);
					WasmInstance reference = interpreter.newInstance("large-memory")) {
				this.expected = reference.callRaw("store_loop", STORES)[0];
			}
		}
		else {
			WasmModule module = Chicory.parse(bytes);
			Function<MemoryLimits, Memory> memories = this.memory.equals("chicory-bytebuffer") ? ByteBufferMemory::new
					: ByteArrayMemory::new;
			this.chicory = chicory(module, MachineFactoryCompiler.compile(module), memories);
			this.expected = chicory(module, InterpreterMachine::new, memories).apply(STORES)[0];
		}
		long result = storeLoop();
		if (result != this.expected) {
			throw new IllegalStateException(
					this.memory + ": store_loop returned " + result + " instead of " + this.expected);
		}
	}

	private static WasmRuntime runtime(WasmEngine engine, byte[] bytes) {
		WasmRuntime runtime = WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(CompilationCache.create())
			.build();
		runtime.define(WasmModuleDefinition.of("large-memory", ModuleSource.of("large-memory.wasm", bytes))
			.withTimeout(Duration.ofSeconds(10)));
		return runtime;
	}

	private static ExportFunction chicory(WasmModule module, Function<Instance, Machine> machineFactory,
			Function<MemoryLimits, Memory> memories) {
		Instance instance = Instance.builder(module)
			.withMachineFactory(machineFactory)
			.withMemoryFactory(memories)
			.build();
		instance.export(Chicory.INITIALIZE).apply();
		return instance.export("store_loop");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.starter != null) {
			this.starter.close();
			this.runtime.close();
		}
	}

	@Benchmark
	@OperationsPerInvocation(STORES)
	public long storeLoop() {
		if (this.starter != null) {
			return this.starter.callRaw("store_loop", STORES)[0];
		}
		return this.chicory.apply(STORES)[0];
	}

	long expected() {
		return this.expected;
	}

}
