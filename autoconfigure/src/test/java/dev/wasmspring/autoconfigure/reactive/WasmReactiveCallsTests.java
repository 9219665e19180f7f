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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.autoconfigure.plugin.WasmPluginAutoConfiguration;
import dev.wasmspring.host.WasmImport;
import dev.wasmspring.plugin.ImportWasmPlugins;
import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmCancelledException;
import dev.wasmspring.runtime.function.WasmCallContext;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link WasmReactiveCalls} and per-exchange instances.
 */
class WasmReactiveCallsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class, WasmReactiveAutoConfiguration.class,
				WasmPluginAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false", "wasm.modules.plugin.location=classpath:wasm/plugin.wasm",
				"wasm.modules.hostloop.location=classpath:wasm/host-loop.wasm",
				"wasm.modules.loop.location=classpath:wasm/loop.wasm", "wasm.modules.loop.timeout=60s");

	@Test
	void aCallRunsWhenSubscribedToOffTheSubscribersThread() {
		this.contextRunner.withBean(ContextRecorder.class).run((context) -> {
			WasmReactiveCalls calls = context.getBean(WasmReactiveCalls.class);
			Mono<String> thread = calls.call("plugin", (instance) -> Thread.currentThread().getName());
			assertThat(thread.block()).startsWith("boundedElastic-").isNotEqualTo(Thread.currentThread().getName());
			assertThat(calls.call("plugin", (instance) -> instance.call("add", 20, 22)).block()).isEqualTo(42);
		});
	}

	@Test
	void hostFunctionsSeeTheSubscribersReactorContext() {
		this.contextRunner.withBean(ContextRecorder.class).run((context) -> {
			WasmReactiveCalls calls = context.getBean(WasmReactiveCalls.class);
			calls.call("hostloop", (instance) -> instance.call("set_many", 0L, 2))
				.contextWrite(Context.of("tenant", "acme"))
				.block();
			assertThat(context.getBean(ContextRecorder.class).tenants).containsExactly("acme", "acme");
		});
	}

	@Test
	void cancellingTheSubscriptionEndsTheGuestsCall() {
		this.contextRunner.withBean(ContextRecorder.class).run((context) -> {
			WasmReactiveCalls calls = context.getBean(WasmReactiveCalls.class);
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			Disposable spinning = calls.call("loop", (instance) -> instance.call("spin")).subscribe();
			await().atMost(Duration.ofSeconds(10)).until(() -> runtime.statistics().liveInstances() == 1);
			spinning.dispose();
			// the guest's timeout is a minute: only the cancellation can end it this soon
			await().atMost(Duration.ofSeconds(10)).until(() -> runtime.statistics().liveInstances() == 0);
			assertThat(calls.call("plugin", (instance) -> instance.call("add", 1, 2)).block()).isEqualTo(3);
		});
	}

	@Test
	void cancellingTheSubscriptionStopsTheCallThroughItsCancelHandle() {
		this.contextRunner.withBean(ContextRecorder.class).run((context) -> {
			WasmReactiveCalls calls = context.getBean(WasmReactiveCalls.class);
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			Disposable spinning = calls.call("loop", (instance) -> {
				try {
					return instance.call("spin");
				}
				catch (RuntimeException ex) {
					failures.add(ex);
					throw ex;
				}
			}).subscribe(null, (ex) -> {
			});
			await().atMost(Duration.ofSeconds(10)).until(() -> runtime.statistics().liveInstances() == 1);
			spinning.dispose();
			await().atMost(Duration.ofSeconds(10)).until(() -> !failures.isEmpty());
			assertThat(failures).singleElement()
				.isInstanceOfSatisfying(WasmCancelledException.class,
						(cancelled) -> assertThat(cancelled.getExportName()).isEqualTo("spin"));
		});
	}

	@Test
	void callsWithinOneExchangeShareItsInstanceWhichClosesWhenTheExchangeEnds() {
		this.contextRunner.withBean(ContextRecorder.class).run((context) -> {
			WasmReactiveCalls calls = context.getBean(WasmReactiveCalls.class);
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			List<Object> counts = new CopyOnWriteArrayList<>();
			Mono<Void> handler = calls.call("plugin", (instance) -> instance.call("count"))
				.doOnNext(counts::add)
				.then(calls.call("plugin", (instance) -> instance.call("count")).doOnNext(counts::add))
				.then(calls.callNew("plugin", (instance) -> instance.call("count")).doOnNext(counts::add))
				.then();
			WasmExchangeFilter filter = new WasmExchangeFilter();
			filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/")), (exchange) -> handler).block();
			filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/")), (exchange) -> handler).block();
			assertThat(counts).containsExactly(1, 2, 1, 1, 2, 1);
			assertThat(runtime.statistics().liveInstances()).isZero();
		});
	}

	@Test
	void hostFunctionsOfAnExchangesInstanceFindTheExchange() {
		this.contextRunner.withBean(ContextRecorder.class).run((context) -> {
			WasmReactiveCalls calls = context.getBean(WasmReactiveCalls.class);
			MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/quotes"));
			new WasmExchangeFilter()
				.filter(exchange,
						(chained) -> calls.call("hostloop", (instance) -> instance.call("set_many", 0L, 1)).then())
				.block();
			assertThat(context.getBean(ContextRecorder.class).exchanges).containsExactly(exchange);
		});
	}

	@Test
	void aPluginsMonoUsesTheExchangesInstance() {
		this.contextRunner.withBean(ContextRecorder.class).withUserConfiguration(ImportCounter.class).run((context) -> {
			Counter counter = context.getBean(Counter.class);
			List<Integer> counts = new CopyOnWriteArrayList<>();
			new WasmExchangeFilter()
				.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/")),
						(exchange) -> counter.count()
							.doOnNext(counts::add)
							.then(counter.count())
							.doOnNext(counts::add)
							.then())
				.block();
			assertThat(counts).containsExactly(1, 2);
			assertThat(counter.count().block()).isEqualTo(1);
		});
	}

	static class ContextRecorder {

		final List<String> tenants = new CopyOnWriteArrayList<>();

		final List<Object> exchanges = new CopyOnWriteArrayList<>();

		@WasmImport(module = "env", name = "set")
		public void set(long value, WasmCallContext context) {
			this.tenants.add(WasmReactiveCalls.currentContext()
				.map((view) -> view.getOrDefault("tenant", "none"))
				.orElse("no context"));
			Object exchange = context.attribute(WasmReactiveCalls.EXCHANGE_ATTRIBUTE);
			if (exchange != null) {
				this.exchanges.add(exchange);
			}
		}

	}

	@WasmPlugin("plugin")
	interface Counter {

		Mono<Integer> count();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = Counter.class)
	static class ImportCounter {

	}

}
