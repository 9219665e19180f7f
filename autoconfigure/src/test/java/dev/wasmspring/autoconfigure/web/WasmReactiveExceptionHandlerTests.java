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

import dev.wasmspring.autoconfigure.reactive.WasmReactiveCalls;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plugin failures in a WebFlux {@code @RestController} whose {@code Mono} calls the
 * plugin, over real HTTP to a started reactive application.
 */
class WasmReactiveExceptionHandlerTests extends PluginFailureOverHttpTests {

	WasmReactiveExceptionHandlerTests() {
		super(WebApplicationType.REACTIVE, "spring.webflux.problemdetails.enabled", ReactivePluginController.class,
				ApplicationHandlerConfiguration.class);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RestController
	static class ReactivePluginController {

		private final WasmReactiveCalls calls;

		ReactivePluginController(WasmReactiveCalls calls) {
			this.calls = calls;
		}

		@GetMapping("/spin")
		Mono<Object> spin() {
			return this.calls.callNew("loop", (instance) -> instance.call("spin"));
		}

		@GetMapping("/trap")
		Mono<Object> trap() {
			return this.calls.callNew("traps", (instance) -> instance.call("unreachable"));
		}

		@GetMapping("/exhausted")
		Mono<Object> exhausted() {
			return this.calls.callNew("bombs", (instance) -> instance.call("memory_bomb", 16));
		}

		@GetMapping("/fuel")
		Mono<Object> fuel() {
			return this.calls.callNew("fuel", (instance) -> instance.call("forever"));
		}

		@GetMapping("/add")
		Mono<Object> add() {
			return this.calls.callNew("add", (instance) -> instance.call("add", 40, 2));
		}

		@GetMapping("/plugin-error")
		Mono<String> pluginError() {
			return this.calls.callNew("extism", (instance) -> instance.callText("config", "missing"));
		}

		@GetMapping("/plugin-config")
		Mono<String> pluginConfig() {
			return this.calls.callNew("extism", (instance) -> instance.callText("config", "region"));
		}

		@GetMapping("/bad-argument")
		Mono<Object> badArgument() {
			return this.calls.callNew("add", (instance) -> instance.call("add", 40));
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@Import(ReactivePluginController.class)
	static class ApplicationHandlerConfiguration {

		@Bean
		TrapAdvice trapAdvice() {
			return new TrapAdvice();
		}

	}

}
