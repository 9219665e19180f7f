package dev.wasmspring.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
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

import dev.wasmspring.runtime.CompilationCache;
import dev.wasmspring.runtime.ModuleSource;
import dev.wasmspring.runtime.WasmEngine;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmModuleDefinition;
import dev.wasmspring.runtime.WasmRuntime;

/**
 * What copy-on-write costs a guest that stores a lot: large-memory.wasm's {@code store_loop} makes 65,536 32-bit
 * stores spread over 1 MiB, then reads every 64th back; ns per store. The instance lives for the whole trial, so
 * the pages it writes were copied once, during warm-up: this is the steady cost of every store (one more array
 * read and null check), compared with raw Chicory's own memory. The one-time copies are part of the per-request
 * figures of {@link InstantiationBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+UseG1GC" })
public class StoreLoopBenchmark {

	static final int STORES = 65536;

	@Param({ "chicory", "starter" })
	public String memory;

	private WasmRuntime runtime;

	private WasmInstance starter;

	private ExportFunction chicory;

	private long expected;

	@Setup(Level.Trial)
	public void setUp() {
		byte[] bytes = BenchmarkModule.LARGE_MEMORY.bytes();
		WasmModule module = Chicory.parse(bytes);
		Instance reference = Instance.builder(module)
			.withMachineFactory(MachineFactoryCompiler.compile(module))
			.withMemoryFactory(ByteArrayMemory::new)
			.build();
		reference.export(Chicory.INITIALIZE).apply();
		this.chicory = reference.export("store_loop");
		this.expected = this.chicory.apply(STORES)[0];
		if (this.memory.equals("starter")) {
			this.runtime = WasmRuntime.builder()
				.withEngine(WasmEngine.COMPILER)
				.withCompilationCache(CompilationCache.create())
				.build();
			this.runtime.define(WasmModuleDefinition.of("large-memory", ModuleSource.of("large-memory.wasm", bytes))
				.withTimeout(Duration.ofSeconds(10)));
			this.starter = this.runtime.newInstance("large-memory");
			long result = storeLoop();
			if (result != this.expected) {
				throw new IllegalStateException("store_loop on the starter returned " + result + " instead of "
						+ this.expected);
			}
		}
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
