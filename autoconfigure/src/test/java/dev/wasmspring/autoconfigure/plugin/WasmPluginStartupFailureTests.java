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

package dev.wasmspring.autoconfigure.plugin;

import java.util.List;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.plugin.ImportWasmPlugins;
import dev.wasmspring.plugin.WasmExport;
import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.plugin.WasmPluginDefinitionException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plugin interface that does not fit its module fails startup, with a failure analysis
 * naming the interface, the method and the export.
 */
class WasmPluginStartupFailureTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class, WasmPluginAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false", "wasm.modules.plugin.location=classpath:wasm/plugin.wasm");

	@Test
	void aMethodWithoutExportNamesTheExportsThereAre() {
		this.contextRunner.withUserConfiguration(ImportMissingExport.class).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("WASM plugin interface " + MissingExport.class.getName()
					+ ", method subtract(int, int), module 'plugin', export 'subtract':\n\nMethod "
					+ "MissingExport.subtract(int, int) calls export 'subtract' of WASM module 'plugin', which the "
					+ "module does not export. Its function exports are [add, alloc, answer, count, echo, garbage, "
					+ "is_even, scale]. Name the export with @WasmExport(\"...\") on the method, or rename the "
					+ "method.");
			assertThat(analysis.getAction()).isEqualTo("Make method subtract(int, int) of MissingExport match export "
					+ "'subtract' of module 'plugin' as described above (docs/plugins.md lists the type mappings).");
		});
	}

	@Test
	void aMethodWhoseTypesDifferFromTheExportsShowsBothSignatures() {
		this.contextRunner.withUserConfiguration(ImportWrongTypes.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription()).endsWith("Method WrongTypes.add(long, "
					+ "long) needs export 'add' of WASM module 'plugin' to have the signature (i64, i64) -> i64 "
					+ "(long, long -> long), but the module exports it as (i32, i32) -> i32. Change the method's "
					+ "parameter and result types to match the export (see the @WasmPlugin Javadoc), or rebuild the "
					+ "module.");
		});
	}

	@Test
	void textPassedToAnExportOfValuesNamesTheMemoryConvention() {
		this.contextRunner.withUserConfiguration(ImportTextToValues.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription()).contains("Method "
					+ "TextToValues.add(String) needs export 'add' of WASM module 'plugin' to have the signature "
					+ "(i32, i32) -> i64 (the (pointer, length) of its input, returning (pointer << 32) | length of "
					+ "its output), but the module exports it as (i32, i32) -> i32.");
		});
	}

	@Test
	void twoValuesThroughMemoryAskForOneRecord() {
		this.contextRunner.withUserConfiguration(ImportTwoValues.class).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.startsWith("WASM plugin interface " + TwoValues.class.getName()
						+ ", method echo(String, String), module 'plugin', export 'echo'")
				.endsWith("Method TwoValues.echo(String, String) passes 2 parameters, but a call through the "
						+ "guest's memory takes one value. Pass one record holding them all (it goes as JSON), or "
						+ "only primitives, which go as WebAssembly values.");
		});
	}

	@Test
	void anInterfaceBoundToAModuleThatIsNotConfiguredSaysWhereToConfigureIt() {
		this.contextRunner.withUserConfiguration(ImportUnknownModule.class).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("WASM plugin interface " + UnknownModule.class.getName()
					+ ", module 'pricnig':\n\nPlugin interface " + UnknownModule.class.getName()
					+ " is bound to WASM module 'pricnig', which is not loaded. "
					+ "Configure it under wasm.modules.pricnig (loaded modules: [plugin]), or correct @WasmPlugin.");
			assertThat(analysis.getAction()).isEqualTo("Configure module 'pricnig' under wasm.modules, or bind "
					+ "UnknownModule to a configured module.");
		});
	}

	@Test
	void aPrimitiveResultFromMemoryAsksForTheBoxedType() {
		this.contextRunner.withUserConfiguration(ImportPrimitiveFromMemory.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context.getStartupFailure()).getDescription()).endsWith("Method "
					+ "PrimitiveFromMemory.echo(String) returns int from a call through the guest's memory, which "
					+ "answers text, bytes or JSON. Return the boxed type (read from JSON), or take only primitives.");
		});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
			.isInstanceOf(WasmPluginDefinitionException.class);
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
			}))
			.stream()
			.filter((analyzer) -> analyzer instanceof WasmPluginDefinitionFailureAnalyzer)
			.toList();
		assertThat(analyzers).isNotEmpty();
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		throw new AssertionError("No failure analyzer explained " + failure);
	}

	@WasmPlugin("plugin")
	interface MissingExport {

		int subtract(int a, int b);

	}

	@WasmPlugin("plugin")
	interface WrongTypes {

		long add(long a, long b);

	}

	@WasmPlugin("plugin")
	interface TextToValues {

		String add(String text);

	}

	@WasmPlugin("plugin")
	interface TwoValues {

		String echo(String a, String b);

	}

	@WasmPlugin("pricnig")
	interface UnknownModule {

		@WasmExport("quote")
		String quote(String order);

	}

	@WasmPlugin("plugin")
	interface PrimitiveFromMemory {

		int echo(String text);

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = MissingExport.class)
	static class ImportMissingExport {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = WrongTypes.class)
	static class ImportWrongTypes {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = TextToValues.class)
	static class ImportTextToValues {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = TwoValues.class)
	static class ImportTwoValues {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = UnknownModule.class)
	static class ImportUnknownModule {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = PrimitiveFromMemory.class)
	static class ImportPrimitiveFromMemory {

	}

}
