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

package dev.wasmspring.autoconfigure.aot.guide;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.autoconfigure.plugin.WasmPluginAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose {@code @WasmPlugin} interface is package-private, as the
 * getting-started guide writes it, processed by Spring AOT, compiled, and started from
 * the generated code alone.
 */
@CompileWithForkedClassLoader
class PackagePrivatePluginAotTests {

	private static final String[] PROPERTIES = { "wasm.shared-cache=false",
			"wasm.modules.greeter.location=classpath:wasm/greeter.wasm" };

	@Test
	@SuppressWarnings("unchecked")
	void aPackagePrivatePluginInterfaceIsProcessedAheadOfTimeAndServesCalls() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues.of(PROPERTIES).applyTo(context);
			context.register(GuideApplication.class);
			TestGenerationContext generationContext = new TestGenerationContext();
			ClassName initializerName = new ApplicationContextAotGenerator().processAheadOfTime(context,
					generationContext);
			generationContext.writeGeneratedContent();
			TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
				try (GenericApplicationContext started = new GenericApplicationContext()) {
					TestPropertyValues.of(PROPERTIES).applyTo(started);
					compiled.getInstance(ApplicationContextInitializer.class, initializerName.reflectionName())
						.initialize(started);
					started.refresh();
					Greeter greeter = started.getBean(Greeter.class);
					assertThat(greeter.greet("Ada")).isEqualTo("Welcome back, Ada!");
					assertThat(greeter.greetBoth("Grace", "Bob")).isEqualTo("Welcome back, Grace! Hello, Bob!");
				}
			});
			// a native image needs the proxy's class made at build time
			assertThat(RuntimeHintsPredicates.proxies().forInterfaces(Greeter.class))
				.accepts(generationContext.getRuntimeHints());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	@ImportAutoConfiguration({ WasmAutoConfiguration.class, WasmPluginAutoConfiguration.class })
	static class GuideApplication {

		@Bean
		Regulars regulars() {
			return new Regulars();
		}

	}

}
