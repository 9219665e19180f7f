package dev.wasmspring.autoconfigure.observation;

import java.util.Collection;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.wasmspring.runtime.WasmRuntime;

/**
 * Per-module instance meters: {@code wasm.instances.live} (a gauge) and {@code wasm.instances.created} (a
 * counter), tagged with {@code wasm.module}. Read from the runtime when the registry asks; nothing is recorded
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
