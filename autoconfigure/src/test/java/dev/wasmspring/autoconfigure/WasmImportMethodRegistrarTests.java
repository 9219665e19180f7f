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

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wasmspring.host.WasmImport;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.function.WasmCallContext;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @WasmImport} methods of Spring beans found at startup and linked into the
 * configured modules.
 */
class WasmImportMethodRegistrarTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
		.withPropertyValues("wasm.modules.imports.location=classpath:wasm/imports.wasm")
		.withBean("envImports", EnvImports.class);

	@Test
	void singletonBeanMethodsAreLinkedAndSeeTheAttributesTheInstanceWasCreatedWith() {
		this.contextRunner.withBean("recordingSet", RecordingSet.class).run((context) -> {
			Recorder recorder = new Recorder();
			try (WasmInstance instance = context.getBean(WasmRuntime.class)
				.newInstance("imports", Map.of("recorder", recorder))) {
				instance.call("call_set", 7L);
				instance.call("set_many", 10L, 2);
				assertThat(instance.call("call_echo_i32", -3)).isEqualTo(-3);
				assertThat(instance.call("call_echo_f32", 0.25f)).isEqualTo(0.25f);
				assertThat(instance.call("call_negate", 0)).isEqualTo(1);
				assertThat(instance.call("call_text_length")).isEqualTo(11);
				assertThat(instance.call("call_bytes_sum")).isEqualTo(260);
				assertThat(instance.callText("call_greet", "spring")).isEqualTo("Hello, spring!");
			}
			assertThat(recorder.values).containsExactly(7L, 10L, 11L);
			assertThat(recorder.modules).containsOnly("imports");
		});
	}

	@Test
	void attributesGivenToTheModulesInstancesBeanReachHostMethods() {
		this.contextRunner.withBean("recordingSet", RecordingSet.class).run((context) -> {
			Recorder recorder = new Recorder();
			WasmInstances instances = context.getBean(WasmInstances.class);
			try (WasmInstance instance = instances.create("imports", Map.of("recorder", recorder))) {
				instance.call("call_set", 42L);
			}
			assertThat(recorder.values).containsExactly(42L);
		});
	}

	@Test
	void attributesGivenToTheQualifiedInstanceProviderReachHostMethods() {
		this.contextRunner.withBean("recordingSet", RecordingSet.class)
			.withUserConfiguration(CallerConfiguration.class)
			.run((context) -> {
				Recorder recorder = new Recorder();
				context.getBean(Caller.class).set(Map.of("recorder", recorder), 99L);
				assertThat(recorder.values).containsExactly(99L);
			});
	}

	@Test
	void aPrototypeBeanIsCreatedOncePerInstanceAndDestroyedWhenTheInstanceCloses() {
		this.contextRunner
			.withBean("prototypeSet", PrototypeSet.class, PrototypeSet::new,
					(definition) -> definition.setScope("prototype"))
			.run((context) -> {
				int createdAtStartup = PrototypeSet.created.get();
				int destroyedAtStartup = PrototypeSet.destroyed.get();
				Recorder recorder = new Recorder();
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				try (WasmInstance first = runtime.newInstance("imports", Map.of("recorder", recorder));
						WasmInstance second = runtime.newInstance("imports", Map.of("recorder", recorder))) {
					first.call("set_many", 1L, 3);
					first.call("call_set", 4L);
					second.call("call_set", 5L);
					assertThat(PrototypeSet.created.get() - createdAtStartup).isEqualTo(2);
					assertThat(PrototypeSet.destroyed.get() - destroyedAtStartup).isZero();
				}
				assertThat(PrototypeSet.destroyed.get() - destroyedAtStartup).isEqualTo(2);
				assertThat(recorder.values).containsExactly(1L, 2L, 3L, 4L, 5L);
				assertThat(recorder.setters).hasSize(2);
			});
	}

	@Test
	void hostMethodExceptionEndsThatCallAndTheNextInstanceWorks() {
		this.contextRunner.withBean("recordingSet", RecordingSet.class).run((context) -> {
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			try (WasmInstance instance = runtime.newInstance("imports")) {
				assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("call_fail"))
					.satisfies((thrown) -> assertThat(thrown.getReason())
						.isEqualTo(WasmCallException.Reason.HOST_FUNCTION_FAILED))
					.satisfies((ex) -> {
						assertThat(ex.getModuleName()).isEqualTo("imports");
						assertThat(ex.getExportName()).isEqualTo("call_fail");
						assertThat(ex.getImportName()).isEqualTo("env.fail");
						assertThat(ex.getCause()).hasMessage("host says no");
					});
			}
			Recorder recorder = new Recorder();
			try (WasmInstance next = runtime.newInstance("imports", Map.of("recorder", recorder))) {
				next.call("call_set", 1L);
			}
			assertThat(recorder.values).containsExactly(1L);
		});
	}

	@Test
	void moduleLinksTheHostModulesItIsAllowedAndTheHostSeesWhichModuleCalled() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
			.withPropertyValues("wasm.modules.checkout.location=classpath:wasm/imports-other.wasm",
					"wasm.modules.checkout.allowed-imports=billing")
			.withBean("billing", Billing.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("checkout")) {
					assertThat(instance.call("run", 250L)).isEqualTo(500);
				}
				assertThat(context.getBean(Billing.class).callers).containsExactly("checkout");
			});
	}

	@Test
	void beansWithoutWasmImportMethodsContributeNothing() {
		this.contextRunner.withBean("recordingSet", RecordingSet.class).run((context) -> {
			List<String> imports = context.getBean(WasmImportMethodRegistrar.class)
				.hostFunctions()
				.stream()
				.map((function) -> function.module() + "." + function.name())
				.toList();
			assertThat(imports).containsExactlyInAnyOrder("env.set", "env.get_i32", "env.echo_i32", "env.echo_i64",
					"env.echo_f32", "env.echo_f64", "env.negate", "env.text_length", "env.bytes_sum", "env.greet",
					"env.fail");
		});
	}

	/** Collects what the guest set, per instance. */
	static class Recorder {

		final List<Long> values = new CopyOnWriteArrayList<>();

		final List<String> modules = new CopyOnWriteArrayList<>();

		final java.util.Set<Object> setters = java.util.concurrent.ConcurrentHashMap.newKeySet();

	}

	static class RecordingSet {

		@WasmImport
		public void set(long value, WasmCallContext context) {
			Recorder recorder = context.attribute("recorder", Recorder.class);
			if (recorder != null) {
				recorder.values.add(value);
				recorder.modules.add(context.moduleName());
			}
		}

	}

	static class PrototypeSet implements DisposableBean {

		static final AtomicInteger created = new AtomicInteger();

		static final AtomicInteger destroyed = new AtomicInteger();

		PrototypeSet() {
			created.incrementAndGet();
		}

		@WasmImport
		public void set(long value, WasmCallContext context) {
			Recorder recorder = context.attribute("recorder", Recorder.class);
			recorder.values.add(value);
			recorder.setters.add(this);
		}

		@Override
		public void destroy() {
			destroyed.incrementAndGet();
		}

	}

	static class Billing {

		final List<String> callers = new CopyOnWriteArrayList<>();

		@WasmImport(module = "billing")
		public int charge(long cents, WasmCallContext context) {
			this.callers.add(context.moduleName());
			return (int) (cents * 2);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CallerConfiguration {

		@Bean
		Caller caller(WasmInstances instances) {
			return new Caller(instances);
		}

	}

	static class Caller {

		private final WasmInstances instances;

		Caller(WasmInstances instances) {
			this.instances = instances;
		}

		void set(Map<String, Object> attributes, long value) {
			try (WasmInstance instance = this.instances.create("imports", attributes)) {
				instance.call("call_set", value);
			}
		}

	}

}
