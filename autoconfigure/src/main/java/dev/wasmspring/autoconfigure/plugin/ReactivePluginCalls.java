package dev.wasmspring.autoconfigure.plugin;

import java.util.concurrent.Callable;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Wraps a plugin call in a {@link Mono}, loaded only when Reactor is present. The call runs when the
 * {@code Mono} is subscribed to, on the bounded-elastic scheduler, so that guest code never runs on an event
 * loop.
 */
final class ReactivePluginCalls {

	static final String MONO = "reactor.core.publisher.Mono";

	private ReactivePluginCalls() {
	}

	static Object defer(Callable<?> call) {
		return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
	}

}
