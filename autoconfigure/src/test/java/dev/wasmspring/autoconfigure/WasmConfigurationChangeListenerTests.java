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

import java.time.Duration;
import java.util.Set;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Modules redefined when their properties change at run time, as Spring Cloud reports it.
 */
class WasmConfigurationChangeListenerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false", "wasm.engine=interpreter",
				"wasm.modules.add.location=classpath:wasm/add.wasm",
				"wasm.modules.other.location=classpath:wasm/add.wasm");

	@Test
	void aNewLocationMovesTheModuleToItsNewVersion() {
		this.contextRunner.run((context) -> {
			change(context, "wasm.modules.add.location=classpath:wasm/add-v2.wasm");
			assertThat(add(context, "add")).isEqualTo(1042);
			assertThat(add(context, "other")).isEqualTo(42);
			assertThat(context.getBean(WasmModuleLoader.class).status("add").orElseThrow().location())
				.isEqualTo("classpath:wasm/add-v2.wasm");
		});
	}

	@Test
	void aNewLimitRedefinesTheModuleEvenWithTheSameBytes() {
		this.contextRunner.run((context) -> {
			change(context, "wasm.modules.add.timeout=750ms");
			assertThat(context.getBean(WasmRuntime.class).timeout("add")).isEqualTo(Duration.ofMillis(750));
		});
	}

	@Test
	void aModuleThatFailsItsNewPinKeepsServing() {
		this.contextRunner.run((context) -> {
			change(context, "wasm.modules.add.location=classpath:wasm/add-v2.wasm",
					"wasm.modules.add.sha256=" + "0".repeat(64));
			assertThat(add(context, "add")).isEqualTo(42);
			assertThat(context.getBean(WasmModuleLoader.class).status("add").orElseThrow().reloadFailed()).isTrue();
		});
	}

	@Test
	void otherKeysAreIgnored() {
		this.contextRunner.run((context) -> {
			WasmModuleStatus before = context.getBean(WasmModuleLoader.class).status("add").orElseThrow();
			change(context, "wasm.timeout=3s", "server.port=1234");
			assertThat(context.getBean(WasmModuleLoader.class).status("add").orElseThrow()).isSameAs(before);
		});
	}

	@Test
	void keysNameTheirModule() {
		assertThat(WasmConfigurationChangeListener.moduleName("wasm.modules.pricing.location")).isEqualTo("pricing");
		assertThat(WasmConfigurationChangeListener.moduleName("wasm.modules[pricing].wasi.dirs[/data].path"))
			.isEqualTo("pricing");
		assertThat(WasmConfigurationChangeListener.moduleName("wasm.modules")).isNull();
		assertThat(WasmConfigurationChangeListener.moduleName("wasm.timeout")).isNull();
	}

	private static void change(ConfigurableApplicationContext context, String... properties) {
		TestPropertyValues.of(properties).applyTo(context);
		Set<String> keys = new java.util.HashSet<>();
		for (String property : properties) {
			keys.add(property.substring(0, property.indexOf('=')));
		}
		context.publishEvent(new EnvironmentChangeEvent(context, keys));
	}

	private static int add(ConfigurableApplicationContext context, String module) {
		try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance(module)) {
			return (int) instance.call("add", 40, 2);
		}
	}

}
