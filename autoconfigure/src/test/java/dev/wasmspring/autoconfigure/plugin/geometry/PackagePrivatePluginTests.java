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

package dev.wasmspring.autoconfigure.plugin.geometry;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.autoconfigure.plugin.WasmPluginAutoConfiguration;
import dev.wasmspring.plugin.WasmPluginFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plugin interface that is not public, outside the starter's packages: its bean is made
 * and its default methods run their own bodies.
 */
class PackagePrivatePluginTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class, WasmPluginAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false", "wasm.modules.plugin.location=classpath:wasm/plugin.wasm")
		.withUserConfiguration(GeometryApplication.class);

	@Test
	void defaultMethodsOfAPackagePrivateInterfaceRunTheirOwnBody() {
		this.contextRunner.run((context) -> {
			Geometry geometry = context.getBean(Geometry.class);
			assertThat(geometry.product(3, 4)).isEqualTo(12.0);
			assertThat(geometry.areaOfSquare(3)).isEqualTo(9.0);
			assertThat(geometry.areaOfFrame(5, 3)).isEqualTo(16.0);
		});
	}

	@Test
	void defaultMethodsWorkOnImplementationsTheFactoryMakesForAnotherModule() {
		this.contextRunner.withPropertyValues("wasm.modules.other.location=classpath:wasm/plugin.wasm")
			.run((context) -> {
				Geometry other = context.getBean(WasmPluginFactory.class).create(Geometry.class, "other");
				assertThat(other.areaOfFrame(4, 1)).isEqualTo(15.0);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class GeometryApplication {

	}

}
