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

package dev.wasmspring.autoconfigure.web;

import java.net.http.HttpResponse;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugin failures in a plain Spring MVC {@code @RestController}, over real HTTP to a
 * started application.
 */
class WasmExceptionHandlerTests extends PluginFailureOverHttpTests {

	WasmExceptionHandlerTests() {
		super(WebApplicationType.SERVLET, "spring.mvc.problemdetails.enabled", PluginController.class,
				ApplicationHandlerConfiguration.class);
	}

	@Test
	void anExitIsAnswered500WithoutTheGuestsOutput() throws Exception {
		HttpResponse<String> response = get(withProblemDetails(), "/exit");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).contains("\"failure\":\"exit\"").doesNotContain("exiting with 3");
		assertNoHostDetails(response);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RestController
	static class PluginController {

		private final WasmRuntime runtime;

		PluginController(WasmRuntime runtime) {
			this.runtime = runtime;
		}

		@GetMapping("/spin")
		Object spin() {
			return call("loop", "spin");
		}

		@GetMapping("/trap")
		Object trap() {
			return call("traps", "unreachable");
		}

		@GetMapping("/exhausted")
		Object exhausted() {
			return call("bombs", "memory_bomb", 16);
		}

		@GetMapping("/fuel")
		Object fuel() {
			return call("fuel", "forever");
		}

		@GetMapping("/add")
		Object add() {
			return call("add", "add", 40, 2);
		}

		@GetMapping("/bad-argument")
		Object badArgument() {
			return call("add", "add", 40);
		}

		@GetMapping("/plugin-error")
		Object pluginError() {
			try (WasmInstance instance = this.runtime.newInstance("extism")) {
				return instance.callText("config", "missing");
			}
		}

		@GetMapping("/plugin-config")
		Object pluginConfig() {
			try (WasmInstance instance = this.runtime.newInstance("extism")) {
				return instance.callText("config", "region");
			}
		}

		@GetMapping("/exit")
		Object exit() {
			try (WasmInstance instance = this.runtime.newInstance("exit")) {
				return instance.call("_start");
			}
		}

		private Object call(String module, String export, Object... args) {
			try (WasmInstance instance = this.runtime.newInstance(module)) {
				return String.valueOf(instance.call(export, args));
			}
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@Import(PluginController.class)
	static class ApplicationHandlerConfiguration {

		@Bean
		TrapAdvice trapAdvice() {
			return new TrapAdvice();
		}

	}

}
