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

package dev.wasmspring.autoconfigure.aot;

import java.util.function.Consumer;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.host.WasmImport;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A minimal application using the starter, processed ahead of time by Spring AOT,
 * compiled, and started from the generated code alone.
 */
@CompileWithForkedClassLoader
class WasmAotTests {

	private static final String[] PROPERTIES = { "wasm.shared-cache=false",
			"wasm.modules.add.location=classpath:wasm/add.wasm", "wasm.modules.stateful.timeout=1s" };

	@Test
	void aMinimalApplicationProcessedAheadOfTimeServesPluginCalls() {
		processAheadOfTime((initializer) -> {
			try (GenericApplicationContext context = new GenericApplicationContext()) {
				TestPropertyValues.of(PROPERTIES).applyTo(context);
				initializer.initialize(context);
				context.refresh();
				assertThat(context.getBean(WasmRuntime.class).moduleNames()).containsExactly("add", "stateful");
				Calls calls = context.getBean(Calls.class);
				assertThat(calls.add(40, 2)).isEqualTo(42);
			}
		}, (generationContext) -> {
		});
	}

	@Test
	void hintsCoverClasspathModulesAndWasmImportMethods() {
		processAheadOfTime((initializer) -> {
		}, (generationContext) -> {
			var hints = generationContext.getRuntimeHints();
			assertThat(RuntimeHintsPredicates.resource().forResource("wasm/add.wasm")).accepts(hints);
			assertThat(RuntimeHintsPredicates.resource().forResource("wasm/stateful.wasm")).accepts(hints);
			// code compiled at build time, found by the module's digest
			assertThat(
					RuntimeHintsPredicates.resource()
						.forResource("META-INF/wasm-spring-boot/compiled/"
								+ "09f9eb686c252af0335a61ad1cf9e86be82f5702a8f68e4227efe8a0df96b632.jar"))
				.accepts(hints);
			assertThat(RuntimeHintsPredicates.reflection()
				.onMethodInvocation(ReflectionUtils.findMethod(Greetings.class, "greet", String.class))).accepts(hints);
		});
	}

	@SuppressWarnings("unchecked")
	private void processAheadOfTime(Consumer<ApplicationContextInitializer<GenericApplicationContext>> started,
			Consumer<TestGenerationContext> generated) {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues.of(PROPERTIES).applyTo(context);
			context.register(MinimalApplication.class);
			TestGenerationContext generationContext = new TestGenerationContext();
			ClassName initializerName = new ApplicationContextAotGenerator().processAheadOfTime(context,
					generationContext);
			generationContext.writeGeneratedContent();
			generated.accept(generationContext);
			TestCompiler.forSystem()
				.with(generationContext)
				.compile((compiled) -> started.accept(
						compiled.getInstance(ApplicationContextInitializer.class, initializerName.reflectionName())));
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(WasmAutoConfiguration.class)
	static class MinimalApplication {

		@Bean
		Calls calls(@Qualifier("add") ObjectProvider<WasmInstance> instances) {
			return new Calls(instances);
		}

		@Bean
		Greetings greetings() {
			return new Greetings();
		}

	}

	static class Calls {

		private final ObjectProvider<WasmInstance> instances;

		Calls(ObjectProvider<WasmInstance> instances) {
			this.instances = instances;
		}

		int add(int a, int b) {
			try (WasmInstance instance = this.instances.getObject()) {
				return (int) instance.call("add", a, b);
			}
		}

	}

	public static class Greetings {

		@WasmImport(module = "greetings")
		public String greet(String name) {
			return "Hello, " + name;
		}

	}

}
