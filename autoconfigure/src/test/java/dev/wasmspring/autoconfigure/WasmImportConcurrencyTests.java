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

package dev.wasmspring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wasmspring.host.WasmImport;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.function.WasmCallContext;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many callers at once, each with its own state and its own instance of the same module,
 * calling one host method of one singleton bean: every call writes into its own caller's
 * state and no other.
 */
class WasmImportConcurrencyTests {

	private static final int CALLERS = 64;

	private static final int CALLS = 1_000;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
		.withPropertyValues("wasm.modules.imports.location=classpath:wasm/imports.wasm")
		.withBean("envImports", EnvImports.class)
		.withBean("orderLines", OrderLines.class)
		.withUserConfiguration(CheckoutConfiguration.class);

	@Test
	void everyCallerEndsWithExactlyItsOwnValues() {
		this.contextRunner.run((context) -> {
			Checkout checkout = context.getBean(Checkout.class);
			List<Order> orders = new ArrayList<>();
			for (int caller = 0; caller < CALLERS; caller++) {
				orders.add(new Order(caller * 1_000_000L));
			}
			ExecutorService executor = Executors.newFixedThreadPool(CALLERS);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<?>> results = new ArrayList<>();
				for (Order order : orders) {
					results.add(executor.submit(() -> {
						start.await();
						checkout.fill(order);
						return null;
					}));
				}
				start.countDown();
				for (Future<?> result : results) {
					result.get(60, TimeUnit.SECONDS);
				}
			}
			finally {
				executor.shutdownNow();
			}
			for (Order order : orders) {
				List<Long> expected = new ArrayList<>();
				for (long i = 0; i < 2 * CALLS; i++) {
					expected.add(order.base + i);
				}
				assertThat(order.lines).as("lines of order %d", order.base).isEqualTo(expected);
				assertThat(order.foreignCalls).as("calls seen by order %d from another context", order.base)
					.hasValue(0);
			}
		});
	}

	/**
	 * The state one request fills in. Written by one thread at a time: its own caller's.
	 */
	static final class Order {

		final long base;

		final List<Long> lines = new ArrayList<>();

		final AtomicInteger foreignCalls = new AtomicInteger();

		volatile Thread owner;

		volatile long instanceId;

		Order(long base) {
			this.base = base;
		}

	}

	/** The one singleton host method every instance calls. */
	static class OrderLines {

		@WasmImport
		public void set(long value, WasmCallContext context) {
			Order order = context.attribute("order", Order.class);
			if (order.owner != Thread.currentThread() || order.instanceId != context.instanceId()) {
				order.foreignCalls.incrementAndGet();
			}
			order.lines.add(value);
		}

	}

	static class Checkout {

		private final WasmInstances instances;

		Checkout(WasmInstances instances) {
			this.instances = instances;
		}

		void fill(Order order) {
			order.owner = Thread.currentThread();
			try (WasmInstance instance = this.instances.create("imports", Map.of("order", order))) {
				order.instanceId = instance.instanceId();
				for (int i = 0; i < CALLS; i++) {
					instance.call("call_set", order.base + i);
				}
				instance.call("set_many", order.base + CALLS, CALLS);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CheckoutConfiguration {

		@Bean
		Checkout checkout(WasmInstances instances) {
			return new Checkout(instances);
		}

	}

}
