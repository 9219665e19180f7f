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

package dev.wasmspring.autoconfigure.observation;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.statistics.WasmRuntimeObserver;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WasmObservationAutoConfiguration}.
 */
class WasmObservationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class, WasmObservationAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false", "wasm.engine=interpreter",
				"wasm.modules.add.location=classpath:wasm/add.wasm",
				"wasm.modules.traps.location=classpath:wasm/traps.wasm",
				"wasm.modules.loop.location=classpath:wasm/loop.wasm", "wasm.modules.loop.timeout=100ms",
				"wasm.modules.fuel.location=classpath:wasm/fuel.wasm", "wasm.modules.fuel.fuel=100000");

	@Test
	void withoutARegistryTheRuntimeObservesNothing() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(WasmRuntimeObserver.class);
			try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("add")) {
				assertThat(instance.call("add", 1, 2)).isEqualTo(3);
			}
		});
	}

	@Test
	void callsInstantiationsAndLoadsAreObservedWithTheirKeys() {
		this.contextRunner.withUserConfiguration(TestRegistryConfiguration.class).run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			try (WasmInstance instance = runtime.newInstance("add")) {
				instance.call("add", 1, 2);
			}
			try (WasmInstance instance = runtime.newInstance("traps")) {
				assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("unreachable"));
			}
			// modules load in parallel, so observations are found by their keys, not by
			// their order
			assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("wasm.load")
				.hasLowCardinalityKeyValue("wasm.module", "add")
				.hasLowCardinalityKeyValue("outcome", "SUCCESS")
				.hasHighCardinalityKeyValue("wasm.location", "classpath:wasm/add.wasm"));
			assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("wasm.instantiate")
				.hasLowCardinalityKeyValue("wasm.module", "add")
				.hasLowCardinalityKeyValue("outcome", "SUCCESS"));
			assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("wasm.call")
				.hasLowCardinalityKeyValue("wasm.module", "add")
				.hasLowCardinalityKeyValue("wasm.export", "add")
				.hasLowCardinalityKeyValue("outcome", "SUCCESS")
				.hasLowCardinalityKeyValue("wasm.failure", "none")
				.doesNotHaveError());
			assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("wasm.call")
				.hasLowCardinalityKeyValue("wasm.module", "traps")
				.hasLowCardinalityKeyValue("wasm.export", "unreachable")
				.hasLowCardinalityKeyValue("outcome", "FAILURE")
				.hasLowCardinalityKeyValue("wasm.failure", "trap")
				.assertThatError()
				.isInstanceOf(WasmTrapException.class));
		});
	}

	@Test
	void aCallNestsUnderTheCallersObservation() {
		this.contextRunner.withUserConfiguration(TestRegistryConfiguration.class).run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			Observation request = Observation.start("http.server.requests", registry);
			try (Observation.Scope scope = request.openScope(); WasmInstance instance = runtime.newInstance("add")) {
				instance.call("add", 1, 2);
			}
			request.stop();
			assertThat(registry).hasAnObservation(
					(observation) -> observation.hasNameEqualTo("wasm.call").hasParentObservationEqualTo(request));
		});
	}

	@Test
	void theCallTimerCountsTimeoutsAndTrapsByTheirTags() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			for (int i = 0; i < 2; i++) {
				try (WasmInstance instance = runtime.newInstance("loop")) {
					assertThatExceptionOfType(WasmTimeoutException.class).isThrownBy(() -> instance.call("spin"));
				}
			}
			try (WasmInstance instance = runtime.newInstance("traps")) {
				assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("unreachable"));
			}
			assertThat(meters.get("wasm.call").tags("wasm.module", "loop", "wasm.failure", "timeout").timer().count())
				.isEqualTo(2);
			assertThat(meters.get("wasm.call").tags("wasm.module", "traps", "wasm.failure", "trap").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void theFuelOfEachCallIsAKeyOfItsObservationAndADistributionPerModule() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			try (WasmInstance instance = runtime.newInstance("fuel")) {
				// 9 per iteration and 8 more
				assertThat(instance.call("count", 10)).isEqualTo(10);
				assertThat(instance.call("count", 100)).isEqualTo(100);
				assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("forever"))
					.satisfies((trap) -> assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.FUEL_EXHAUSTED));
			}
			try (WasmInstance instance = runtime.newInstance("add")) {
				instance.call("add", 1, 2);
			}
			DistributionSummary fuel = meters.get("wasm.call.fuel").tag("wasm.module", "fuel").summary();
			assertThat(fuel.count()).isEqualTo(3);
			assertThat(fuel.totalAmount()).isEqualTo(98 + 908 + 100_001);
			assertThat(fuel.max()).isEqualTo(100_001);
			assertThat(meters.find("wasm.call.fuel").tag("wasm.module", "add").summary()).isNull();
			assertThat(meters.get("wasm.call")
				.tags("wasm.module", "fuel", "wasm.failure", "fuel-exhausted")
				.timer()
				.count()).isEqualTo(1);
		});
		this.contextRunner.withUserConfiguration(TestRegistryConfiguration.class).run((context) -> {
			try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("fuel")) {
				instance.call("count", 10);
			}
			try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("add")) {
				instance.call("add", 1, 2);
			}
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("wasm.call")
				.hasLowCardinalityKeyValue("wasm.module", "fuel")
				.hasHighCardinalityKeyValue("wasm.fuel", "98"));
			assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("wasm.call")
				.hasLowCardinalityKeyValue("wasm.module", "add")
				.doesNotHaveHighCardinalityKeyValueWithKey("wasm.fuel"));
		});
	}

	@Test
	void liveInstancesAreGaugedPerModule() {
		this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			context.getBean(WasmInstanceMetrics.class).bindTo(meters);
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			try (WasmInstance first = runtime.newInstance("add"); WasmInstance second = runtime.newInstance("add")) {
				assertThat(meters.get("wasm.instances.live").tag("wasm.module", "add").gauge().value()).isEqualTo(2);
			}
			assertThat(meters.get("wasm.instances.live").tag("wasm.module", "add").gauge().value()).isZero();
			assertThat(meters.get("wasm.instances.created").tag("wasm.module", "add").functionCounter().count())
				.isEqualTo(2);
		});
	}

	@Test
	void anApplicationConventionReplacesTheDefault() {
		this.contextRunner.withUserConfiguration(TestRegistryConfiguration.class)
			.withBean(WasmObservationConvention.class, () -> new DefaultWasmObservationConvention() {
				@Override
				public KeyValues getLowCardinalityKeyValues(WasmObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and(KeyValue.of("tenant", "acme"));
				}
			})
			.run((context) -> {
				try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("add")) {
					instance.call("add", 1, 2);
				}
				assertThat(context.getBean(TestObservationRegistry.class))
					.hasAnObservation((observation) -> observation.hasNameEqualTo("wasm.call")
						.hasLowCardinalityKeyValue("tenant", "acme"));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class TestRegistryConfiguration {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meters, ObjectProvider<WasmFuelMetrics> fuel) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			// what Spring Boot does with the handler and binder beans it finds
			fuel.ifAvailable((metrics) -> {
				metrics.bindTo(meters);
				registry.observationConfig().observationHandler(metrics);
			});
			return registry;
		}

	}

}
