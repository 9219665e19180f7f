package dev.wasmspring.benchmarks;

import java.util.function.Function;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * A request served by raw Chicory done right: the module parsed once and its machine factory compiled once,
 * then a fresh {@link Instance} per request with the faster {@link ByteArrayMemory}, the reactor's
 * {@code _initialize}, and the call. Its memory has the limit the starter applies by default (16 MiB), so both
 * allocate under the same bound. This is the baseline the starter must match.
 */
final class ChicoryCycle implements RequestCycle {

	private final WasmModule module;

	private final Function<Instance, Machine> machineFactory;

	private final MemoryLimits memoryLimits;

	private final boolean reactor;

	private final String export;

	private final long[] args;

	private final long expected;

	/**
	 * @param module the module
	 * @param initialize whether a reactor's {@code _initialize} runs, as a request needs; without it the cycle
	 * measures instantiation alone
	 */
	ChicoryCycle(BenchmarkModule module, boolean initialize) {
		this.module = Chicory.parse(module.bytes());
		this.machineFactory = MachineFactoryCompiler.compile(this.module);
		this.memoryLimits = Chicory.starterLimits(this.module);
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
