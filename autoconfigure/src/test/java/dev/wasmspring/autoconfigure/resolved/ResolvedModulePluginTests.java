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

package dev.wasmspring.autoconfigure.resolved;

import java.io.IOException;
import java.io.InputStream;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.autoconfigure.plugin.WasmPluginAutoConfiguration;
import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.plugin.WasmPluginDefinitionException;
import dev.wasmspring.plugin.WasmPluginFactory;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.module.WasmModuleResolver;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A plugin interface made at run time for a module that only a {@link WasmModuleResolver}
 * knows (a tenant's plugin, resolved on the tenant's first request): the factory loads
 * the module, checks the interface against its exports and calls it; a name the resolver
 * does not know fails as a name nobody configured does.
 */
class ResolvedModulePluginTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class, WasmPluginAutoConfiguration.class))
		.withUserConfiguration(TenantResolver.class)
		.withPropertyValues("wasm.shared-cache=false", "wasm.engine=interpreter");

	@Test
	void pluginInterfaceBoundToAModuleOnlyTheResolverKnowsIsCheckedAndCalledOnItsFirstUse() {
		this.contexts.run((context) -> {
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			WasmPluginFactory plugins = context.getBean(WasmPluginFactory.class);
			assertThat(runtime.hasModule("tenant-x")).isFalse();
			Adder adder = plugins.create(Adder.class, "tenant-x");
			assertThat(runtime.isLoaded("tenant-x")).isTrue();
			assertThat(adder.add(40, 2)).isEqualTo(42);
		});
	}

	@Test
	void nameTheResolverDoesNotKnowFailsNamingTheModule() {
		this.contexts.run((context) -> assertThatExceptionOfType(WasmPluginDefinitionException.class)
			.isThrownBy(() -> context.getBean(WasmPluginFactory.class).create(Adder.class, "nobody"))
			.withMessageContaining("'nobody'")
			.withMessageContaining("wasm.modules.nobody"));
	}

	@Test
	void resolvedModuleWithoutAMethodsExportFailsNamingTheExport() {
		this.contexts.run((context) -> assertThatExceptionOfType(WasmPluginDefinitionException.class)
			.isThrownBy(() -> context.getBean(WasmPluginFactory.class).create(Subtractor.class, "tenant-y"))
			.withMessageContaining("sub"));
	}

	/** A plugin interface made for modules resolved at run time. */
	@WasmPlugin("add")
	interface Adder {

		int add(int a, int b);

	}

	/** A plugin interface whose export add.wasm lacks. */
	@WasmPlugin("add")
	interface Subtractor {

		int sub(int a, int b);

	}

	@Configuration(proxyBeanMethods = false)
	static class TenantResolver {

		@Bean
		WasmModuleResolver tenantPlugins() {
			return (name) -> name.startsWith("tenant-") ? WasmModuleDefinition.of(name,
					ModuleSource.of("classpath:wasm/add.wasm", TenantResolver::addModule)) : null;
		}

		static byte[] addModule() throws IOException {
			try (InputStream in = ResolvedModulePluginTests.class.getResourceAsStream("/wasm/add.wasm")) {
				return in.readAllBytes();
			}
		}

	}

}
