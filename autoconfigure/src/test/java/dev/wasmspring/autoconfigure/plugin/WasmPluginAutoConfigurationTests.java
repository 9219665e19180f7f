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

import java.util.ArrayList;
import java.util.List;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.autoconfigure.plugin.scanned.ScannedPlugin;
import dev.wasmspring.host.WasmImport;
import dev.wasmspring.plugin.ImportWasmPlugins;
import dev.wasmspring.plugin.WasmExport;
import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.plugin.WasmPluginDefinitionException;
import dev.wasmspring.plugin.WasmPluginFactory;
import dev.wasmspring.runtime.exception.WasmCallException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WasmPluginAutoConfiguration}: plugin interfaces become beans whose
 * methods call exports.
 */
class WasmPluginAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class, WasmPluginAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false", "wasm.modules.plugin.location=classpath:wasm/plugin.wasm");

	@Test
	void primitivesArePassedAsWebAssemblyValues() {
		this.contextRunner.withUserConfiguration(ImportCalculator.class).run((context) -> {
			Calculator calculator = context.getBean(Calculator.class);
			assertThat(calculator.add(20, 22)).isEqualTo(42);
			assertThat(calculator.add(-5, 2)).isEqualTo(-3);
			assertThat(calculator.scale(1.5, 4.0)).isEqualTo(6.0);
			assertThat(calculator.isEven(10)).isTrue();
			assertThat(calculator.isEven(7)).isFalse();
		});
	}

	@Test
	void textBytesAndRecordsGoThroughTheGuestsMemory() {
		this.contextRunner.withUserConfiguration(ImportMessages.class).run((context) -> {
			Messages messages = context.getBean(Messages.class);
			assertThat(messages.echo("héllo wörld")).isEqualTo("héllo wörld");
			assertThat(messages.echoBytes(new byte[] { 1, 2, 3, (byte) 250 })).containsExactly(1, 2, 3, (byte) 250);
			assertThat(messages.roundTrip(new Order("BOOK-1", 3))).isEqualTo(new Order("BOOK-1", 3));
			assertThat(messages.answer()).isEqualTo(new Total(42, "fixed"));
		});
	}

	@Test
	void extismPluginsAreCalledThroughTheirKernelsInputAndOutput() {
		this.contextRunner
			.withPropertyValues("wasm.modules.sink.location=classpath:wasm/extism-kitchen-sink.wasm",
					"wasm.modules.sink.extism.config.greeting=Howdy")
			.withUserConfiguration(ImportKitchenSink.class)
			.withBean(Decorator.class)
			.run((context) -> {
				KitchenSink sink = context.getBean(KitchenSink.class);
				assertThat(sink.greet("Ada")).isEqualTo("Howdy, Ada!");
				assertThat(sink.reverse(new byte[] { 1, 2, 3 })).containsExactly(3, 2, 1);
				assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> sink.validate("fail"))
					.withMessageContaining("input rejected: fail");
				assertThat(sink.validate("fine")).isEqualTo("valid: fine");
			});
	}

	@Test
	void anExtismPluginMethodTakingNumbersFailsStartupSayingToPassTextBytesOrRecords() {
		this.contextRunner.withPropertyValues("wasm.modules.sink.location=classpath:wasm/extism-kitchen-sink.wasm")
			.withUserConfiguration(ImportNumericKitchenSink.class)
			.withBean(Decorator.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(WasmPluginDefinitionException.class)
					.hasMessageContaining("export 'count' of Extism plugin 'sink'")
					.hasMessageContaining("Declare a String, byte[] or record parameter and result");
			});
	}

	@Test
	void recordsAreWrittenWithTheApplicationsJsonMapper() {
		this.contextRunner.withUserConfiguration(ImportMessages.class)
			.withBean(JsonMapper.class,
					() -> JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build())
			.run((context) -> assertThat(context.getBean(Messages.class).orderAsText(new Order("PEN-7", 2)))
				.isEqualTo("{\"sku\":\"PEN-7\",\"unit_count\":2}"));
	}

	@Test
	void anAnswerThatIsNotJsonFailsTheCallNamingTheExportAndMethodAndTheNextCallWorks() {
		this.contextRunner.withUserConfiguration(ImportMessages.class).run((context) -> {
			Messages messages = context.getBean(Messages.class);
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(messages::garbage)
				.withMessageStartingWith("Export 'garbage' of WASM module 'plugin' answered 'oops', which "
						+ "Messages.garbage() cannot read as " + Total.class.getName() + ": ")
				.withMessageEndingWith("Fix the plugin's answer or the method's result type.");
			assertThat(messages.answer()).isEqualTo(new Total(42, "fixed"));
		});
	}

	@Test
	void monoResultsCallWhenSubscribedOffTheCallersThread() {
		this.contextRunner.withUserConfiguration(ImportReactive.class).run((context) -> {
			ReactiveMessages messages = context.getBean(ReactiveMessages.class);
			Mono<Total> answer = messages.answer();
			assertThat(answer.block()).isEqualTo(new Total(42, "fixed"));
			assertThat(messages.echo("later").block()).isEqualTo("later");
			assertThat(messages.add(40, 2).block()).isEqualTo(42);
			List<String> threads = new ArrayList<>();
			assertThat(messages.count().doOnNext((count) -> threads.add(Thread.currentThread().getName())).block())
				.isEqualTo(1);
			assertThat(threads).singleElement().asString().startsWith("boundedElastic-");
		});
	}

	@Test
	void outsideARequestEachCallHasAFreshInstance() {
		this.contextRunner.withUserConfiguration(ImportCalculator.class).run((context) -> {
			Calculator calculator = context.getBean(Calculator.class);
			assertThat(calculator.count()).isEqualTo(1);
			assertThat(calculator.count()).isEqualTo(1);
		});
	}

	@Test
	void duringARequestCallsShareTheRequestsInstanceUnlessThePluginAsksForOnePerCall() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class, WasmPluginAutoConfiguration.class))
			.withPropertyValues("wasm.shared-cache=false", "wasm.modules.plugin.location=classpath:wasm/plugin.wasm")
			.withUserConfiguration(ImportCalculator.class, ImportPerCall.class)
			.run((context) -> {
				Calculator calculator = context.getBean(Calculator.class);
				PerCallCounter perCall = context.getBean(PerCallCounter.class);
				ServletRequestAttributes request = new ServletRequestAttributes(new MockHttpServletRequest());
				RequestContextHolder.setRequestAttributes(request);
				try {
					assertThat(calculator.count()).isEqualTo(1);
					assertThat(calculator.count()).isEqualTo(2);
					assertThat(perCall.count()).isEqualTo(1);
					assertThat(perCall.count()).isEqualTo(1);
				}
				finally {
					RequestContextHolder.resetRequestAttributes();
					request.requestCompleted();
				}
				ServletRequestAttributes next = new ServletRequestAttributes(new MockHttpServletRequest());
				RequestContextHolder.setRequestAttributes(next);
				try {
					assertThat(calculator.count()).isEqualTo(1);
				}
				finally {
					RequestContextHolder.resetRequestAttributes();
					next.requestCompleted();
				}
			});
	}

	@Test
	void theFactoryBindsAnInterfaceToAnotherModuleOfTheSameShape() {
		this.contextRunner.withPropertyValues("wasm.modules.other.location=classpath:wasm/plugin.wasm")
			.run((context) -> {
				Calculator other = context.getBean(WasmPluginFactory.class).create(Calculator.class, "other");
				assertThat(other.add(1, 2)).isEqualTo(3);
				assertThat(other).hasToString("WASM plugin " + Calculator.class.getName() + " of module 'other'");
			});
	}

	@Test
	void defaultMethodsRunTheirOwnBody() {
		this.contextRunner.withUserConfiguration(ImportCalculator.class)
			.run((context) -> assertThat(context.getBean(Calculator.class).double_(21)).isEqualTo(42));
	}

	@Test
	void pluginInterfacesInTheApplicationsPackagesAreRegisteredWithoutImport() {
		this.contextRunner.withUserConfiguration(ScanningApplication.class)
			.run((context) -> assertThat(context.getBean(ScannedPlugin.class).add(2, 3)).isEqualTo(5));
	}

	@Test
	void importingPluginsExplicitlyTurnsTheScanOff() {
		this.contextRunner.withUserConfiguration(ScanningApplication.class, ImportCalculator.class)
			.run((context) -> assertThat(context).hasSingleBean(Calculator.class).doesNotHaveBean(ScannedPlugin.class));
	}

	@Test
	void importingAPackageRegistersThePluginsItHolds() {
		this.contextRunner.withUserConfiguration(ImportScannedPackage.class)
			.run((context) -> assertThat(context.getBean(ScannedPlugin.class).add(2, 3)).isEqualTo(5));
	}

	@Test
	void anApplicationsOwnFactoryReplacesTheDefault() {
		this.contextRunner.withBean("customFactory", WasmPluginFactory.class, CountingFactory::new)
			.run((context) -> assertThat(context).getBean(WasmPluginFactory.class).isInstanceOf(CountingFactory.class));
	}

	@Test
	void withoutTheRuntimeAnImportedPluginLetsTheContextStartAndItsCallsSayWhatToDo() {
		new ApplicationContextRunner().withUserConfiguration(ImportCalculator.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Calculator calculator = context.getBean(Calculator.class);
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> calculator.add(1, 2))
				.withMessage("WASM plugin " + Calculator.class.getName() + " was called, but this application "
						+ "context does not configure the WebAssembly runtime. In a test slice such as @WebMvcTest, "
						+ "add @AutoConfigureWasm (wasm-spring-boot-test) or replace the plugin with @MockitoBean.");
		});
	}

	@WasmPlugin("plugin")
	interface Calculator {

		int add(int a, int b);

		double scale(double a, double b);

		@WasmExport("is_even")
		boolean isEven(int value);

		int count();

		default int double_(int value) {
			return add(value, value);
		}

	}

	@WasmPlugin(value = "plugin", instances = WasmPlugin.Instances.CALL)
	interface PerCallCounter {

		int count();

	}

	@WasmPlugin("plugin")
	interface Messages {

		String echo(String text);

		@WasmExport("echo")
		byte[] echoBytes(byte[] bytes);

		@WasmExport("echo")
		Order roundTrip(Order order);

		@WasmExport("echo")
		String orderAsText(Order order);

		Total answer();

		Total garbage();

	}

	@WasmPlugin("plugin")
	interface ReactiveMessages {

		Mono<Total> answer();

		Mono<String> echo(String text);

		Mono<Integer> add(int a, int b);

		Mono<Integer> count();

	}

	record Order(String sku, int unitCount) {
	}

	record Total(int total, String note) {
	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = Calculator.class)
	static class ImportCalculator {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = PerCallCounter.class)
	static class ImportPerCall {

	}

	@WasmPlugin("sink")
	interface KitchenSink {

		String greet(String name);

		byte[] reverse(byte[] bytes);

		String validate(String input);

	}

	static class Decorator {

		@WasmImport(module = "extism:host/user")
		public String decorate(String text) {
			return "*" + text + "*";
		}

	}

	@WasmPlugin("sink")
	interface NumericKitchenSink {

		int count(int step);

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = KitchenSink.class)
	static class ImportKitchenSink {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = NumericKitchenSink.class)
	static class ImportNumericKitchenSink {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = Messages.class)
	static class ImportMessages {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(types = ReactiveMessages.class)
	static class ImportReactive {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportWasmPlugins(basePackageClasses = ScannedPlugin.class)
	static class ImportScannedPackage {

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = ScannedPlugin.class)
	static class ScanningApplication {

	}

	static class CountingFactory implements WasmPluginFactory {

		@Override
		public <T> T create(Class<T> type) {
			throw new UnsupportedOperationException();
		}

		@Override
		public <T> T create(Class<T> type, String moduleName) {
			throw new UnsupportedOperationException();
		}

	}

}
