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

package dev.wasmspring.autoconfigure.reactive;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.function.WasmCancelHandle;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/**
 * Calls guests from reactive code. A call runs when its {@code Mono} is subscribed to, on
 * a scheduler meant for blocking work (Reactor's bounded-elastic by default), never on
 * the caller's event loop. Within a WebFlux exchange it uses the exchange's own instance
 * of the module, created on first use and closed when the exchange ends; elsewhere a new
 * instance, closed after the call. Host functions find the exchange under
 * {@link #EXCHANGE_ATTRIBUTE} in their context's attributes, and the subscriber's Reactor
 * Context through {@link #currentContext()}. Cancelling the subscription stops the
 * running guest call through its instance's {@link WasmCancelHandle} (the call fails with
 * {@code WasmCancelledException}), or interrupts the thread between guest calls.
 * <p>
 * Thread-safe. An exchange's instance is confined to one call at a time: chain an
 * exchange's calls one after another, not in parallel.
 */
public final class WasmReactiveCalls {

	/**
	 * Name of the context attribute that holds the {@code ServerWebExchange} an instance
	 * serves.
	 */
	public static final String EXCHANGE_ATTRIBUTE = "wasm.http.exchange";

	private static final ThreadLocal<ContextView> CURRENT_CONTEXT = new ThreadLocal<>();

	private static final int RUNNING = 0;

	private static final int DONE = 1;

	private static final int CANCELLED = 2;

	private final WasmRuntime runtime;

	private final Scheduler scheduler;

	/**
	 * Create reactive calls on Reactor's bounded-elastic scheduler.
	 * @param runtime the runtime
	 */
	public WasmReactiveCalls(WasmRuntime runtime) {
		this(runtime, Schedulers.boundedElastic());
	}

	/**
	 * Create reactive calls on a scheduler of the caller's choice, which must allow
	 * blocking.
	 * @param runtime the runtime
	 * @param scheduler the scheduler guest calls run on
	 */
	public WasmReactiveCalls(WasmRuntime runtime, Scheduler scheduler) {
		this.runtime = runtime;
		this.scheduler = scheduler;
	}

	/**
	 * Call a module: the exchange's instance within a WebFlux exchange, else a new one.
	 * @param <R> the result
	 * @param moduleName the module
	 * @param call what to do with the instance; it must not keep the instance
	 * @return the result, when subscribed to; empty if the call returns {@code null}
	 */
	public <R> Mono<R> call(String moduleName, Function<WasmInstance, @Nullable R> call) {
		return call(moduleName, true, call);
	}

	/**
	 * Call a module on a new instance, closed after the call, even within a WebFlux
	 * exchange.
	 * @param <R> the result
	 * @param moduleName the module
	 * @param call what to do with the instance; it must not keep the instance
	 * @return the result, when subscribed to; empty if the call returns {@code null}
	 */
	public <R> Mono<R> callNew(String moduleName, Function<WasmInstance, @Nullable R> call) {
		return call(moduleName, false, call);
	}

	/**
	 * Return the Reactor Context of the subscriber whose guest call is running on this
	 * thread: what a host function called by that guest sees.
	 * @return the context, or empty outside a guest call made through this class
	 */
	public static Optional<ContextView> currentContext() {
		return Optional.ofNullable(CURRENT_CONTEXT.get());
	}

	<R> Mono<R> call(String moduleName, boolean useExchange, Function<WasmInstance, @Nullable R> call) {
		return Mono.deferContextual((context) -> {
			ExchangeScope scope = useExchange ? context.getOrDefault(ExchangeScope.class, null) : null;
			AtomicReference<@Nullable WasmCancelHandle> cancel = new AtomicReference<>();
			return offEventLoop(context, cancel, () -> {
				if (scope != null) {
					WasmInstance instance = scope.instance(this.runtime, moduleName);
					cancel.set(instance.cancelHandle());
					return call.apply(instance);
				}
				try (WasmInstance instance = this.runtime.newInstance(moduleName, Map.of())) {
					cancel.set(instance.cancelHandle());
					return call.apply(instance);
				}
			});
		});
	}

	private <R> Mono<R> offEventLoop(ContextView context, AtomicReference<@Nullable WasmCancelHandle> cancel,
			java.util.function.Supplier<@Nullable R> call) {
		return Mono.create((sink) -> {
			AtomicInteger state = new AtomicInteger(RUNNING);
			Thread[] runner = new Thread[1];
			Disposable task = this.scheduler.schedule(() -> {
				synchronized (runner) {
					runner[0] = Thread.currentThread();
				}
				CURRENT_CONTEXT.set(context);
				try {
					R result = call.get();
					if (finish(state, runner)) {
						sink.success(result);
					}
				}
				catch (Throwable ex) {
					if (finish(state, runner)) {
						sink.error(ex);
					}
				}
				finally {
					CURRENT_CONTEXT.remove();
				}
			});
			sink.onCancel(() -> {
				if (state.compareAndSet(RUNNING, CANCELLED)) {
					// the running guest call is stopped through its cancel handle, which
					// holds whatever its host functions do; between guest calls an
					// interrupt stops the next one
					WasmCancelHandle handle = cancel.get();
					if (handle == null || !handle.cancel()) {
						synchronized (runner) {
							if (runner[0] != null) {
								runner[0].interrupt();
							}
						}
					}
					task.dispose();
				}
			});
		});
	}

	/**
	 * Ends the call on its thread; false if it was cancelled, whose interrupt this
	 * clears.
	 */
	private static boolean finish(AtomicInteger state, Thread[] runner) {
		boolean finished = state.compareAndSet(RUNNING, DONE);
		synchronized (runner) {
			runner[0] = null;
			if (!finished) {
				// the cancel's interrupt may have come after the guest returned; it must
				// not reach the pool's next task
				Thread.interrupted();
			}
		}
		return finished;
	}

}
