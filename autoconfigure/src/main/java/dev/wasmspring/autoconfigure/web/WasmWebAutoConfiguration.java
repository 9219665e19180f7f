package dev.wasmspring.autoconfigure.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.runtime.WasmRuntime;

/**
 * Auto-configuration of plugin failures over HTTP, in Spring MVC and in WebFlux applications;
 * {@code wasm.web.errors.enabled} turns it off.
 */
@AutoConfiguration(after = WasmAutoConfiguration.class)
@ConditionalOnClass(WasmRuntime.class)
@ConditionalOnBooleanProperty(name = "wasm.web.errors.enabled", matchIfMissing = true)
public final class WasmWebAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WasmExceptionHandler wasmExceptionHandler(Environment environment) {
			return new WasmExceptionHandler(
					environment.getProperty("spring.mvc.problemdetails.enabled", Boolean.class, false));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty("spring.webflux.problemdetails.enabled")
		WasmReactiveExceptionHandler.ProblemDetails wasmReactiveProblemDetails() {
			return new WasmReactiveExceptionHandler.ProblemDetails();
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBooleanProperty(name = "spring.webflux.problemdetails.enabled", havingValue = false,
				matchIfMissing = true)
		WasmReactiveExceptionHandler.ErrorStatus wasmReactiveErrorStatus() {
			return new WasmReactiveExceptionHandler.ErrorStatus();
		}

	}

}
