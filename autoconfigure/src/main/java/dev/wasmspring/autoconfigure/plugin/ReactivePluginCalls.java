package dev.wasmspring.autoconfigure.plugin;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.wasmspring.autoconfigure.reactive.WasmReactiveCalls;
import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.runtime.WasmInstance;

/**
 * Makes a plugin call a {@code Mono}, through {@link WasmReactiveCalls}; loaded only when Reactor is present.
 * The call runs when the {@code Mono} is subscribed to, off the event loop, in the WebFlux exchange's instance
 * when the policy allows, and ends when the subscription is cancelled.
 */
final class ReactivePluginCalls {

	static final String MONO = "reactor.core.publisher.Mono";

	private ReactivePluginCalls() {
	}

	static Object defer(WasmReactiveCalls calls, String moduleName, WasmPlugin.Instances policy,
			Function<WasmInstance, @Nullable Object> call) {
		return (policy == WasmPlugin.Instances.REQUEST) ? calls.call(moduleName, call)
				: calls.callNew(moduleName, call);
	}

}
