package dev.wasmspring.autoconfigure.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.runtime.WasmRuntime;

/**
 * Auto-configuration of plugin failures over HTTP in Spring MVC applications; {@code wasm.web.errors.enabled}
 * turns it off.
 */
@AutoConfiguration(after = WasmAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, WasmRuntime.class })
@ConditionalOnBooleanProperty(name = "wasm.web.errors.enabled", matchIfMissing = true)
public final class WasmWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WasmExceptionHandler wasmExceptionHandler(Environment environment) {
		return new WasmExceptionHandler(
				environment.getProperty("spring.mvc.problemdetails.enabled", Boolean.class, false));
	}

}
