package dev.wasmspring.autoconfigure.reactive;

import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives each WebFlux exchange its own instances: puts the exchange's scope into the Reactor Context of its
 * chain, and closes the instances it created when the exchange ends, however it ends. Stateless.
 */
final class WasmExchangeFilter implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		// eager: the instances are closed before the chain's completion goes on, and on cancellation
		return Mono.using(() -> new ExchangeScope(Map.of(WasmReactiveCalls.EXCHANGE_ATTRIBUTE, exchange)),
				(scope) -> chain.filter(exchange).contextWrite((context) -> context.put(ExchangeScope.class, scope)),
				ExchangeScope::close, true);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

}
