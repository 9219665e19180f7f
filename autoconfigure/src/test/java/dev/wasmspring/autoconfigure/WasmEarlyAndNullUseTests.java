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

import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmModuleNotFoundException;
import jakarta.annotation.PostConstruct;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A configured module asked for before it is loaded, and a customizer that puts a null
 * attribute, get errors that say what happened and what to do.
 */
class WasmEarlyAndNullUseTests {

	@Test
	void aPostConstructCallThroughTheRuntimeIsToldTheModuleIsNotLoadedYet() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
			.withPropertyValues("wasm.modules.counter.location=classpath:wasm/counter.wasm")
			.withUserConfiguration(EagerRuntimeUser.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(WasmModuleNotFoundException.class)
					.hasMessageStartingWith("WASM module 'counter' is expected but not defined yet: it is configured "
							+ "under wasm.modules")
					.hasMessageContaining("not in a constructor or @PostConstruct method");
			});
	}

	@Test
	void aCustomizerPuttingANullAttributeIsNamed() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
			.withPropertyValues("wasm.modules.counter.location=classpath:wasm/counter.wasm")
			.withBean(WasmRequestAttributesCustomizer.class, NullTenant::new)
			.run((context) -> {
				WasmInstances instances = context.getBean(WasmInstances.class);
				RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
				try {
					assertThatIllegalStateException().isThrownBy(() -> instances.current("counter"))
						.withMessage(NullTenant.class.getName() + " put a null value under 'tenant' into the "
								+ "attributes of WASM module 'counter'. Attributes must not be null: leave the "
								+ "attribute out instead.");
				}
				finally {
					RequestContextHolder.resetRequestAttributes();
				}
				assertThat(context.getBean(WasmRuntime.class).statistics().liveInstances()).isZero();
			});
	}

	static class NullTenant implements WasmRequestAttributesCustomizer {

		@Override
		public void customize(String moduleName, jakarta.servlet.http.HttpServletRequest request,
				java.util.Map<String, Object> attributes) {
			attributes.put("tenant", null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EagerRuntimeUser {

		@Bean
		Eager eager(WasmRuntime runtime) {
			return new Eager(runtime);
		}

	}

	static class Eager {

		private final WasmRuntime runtime;

		Eager(WasmRuntime runtime) {
			this.runtime = runtime;
		}

		@PostConstruct
		void warmUp() {
			this.runtime.newInstance("counter").close();
		}

	}

}
