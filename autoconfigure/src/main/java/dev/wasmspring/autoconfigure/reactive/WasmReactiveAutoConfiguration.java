package dev.wasmspring.autoconfigure.reactive;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import dev.wasmspring.runtime.WasmRuntime;

/**
 * Auto-configuration of guest calls from reactive code: {@link WasmReactiveCalls} when Reactor is present,
 * and per-exchange instances in a WebFlux application.
 */
@AutoConfiguration(after = WasmAutoConfiguration.class)
@ConditionalOnClass(Mono.class)
@ConditionalOnBean(WasmRuntime.class)
public final class WasmReactiveAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WasmReactiveCalls wasmReactiveCalls(WasmRuntime runtime) {
		return new WasmReactiveCalls(runtime);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
	static class ExchangeInstancesConfiguration {

		@Bean
		WasmExchangeFilter wasmExchangeFilter() {
			return new WasmExchangeFilter();
		}

	}

}
