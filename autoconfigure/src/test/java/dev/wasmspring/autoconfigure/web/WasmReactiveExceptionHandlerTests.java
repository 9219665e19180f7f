package dev.wasmspring.autoconfigure.web;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.wasmspring.autoconfigure.reactive.WasmReactiveCalls;

/**
 * Plugin failures in a WebFlux {@code @RestController} whose {@code Mono} calls the plugin, over real HTTP to a
 * started reactive application.
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
