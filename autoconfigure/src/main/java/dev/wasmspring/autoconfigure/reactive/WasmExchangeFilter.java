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
		return Mono.defer(() -> {
			ExchangeScope scope = new ExchangeScope(Map.of(WasmReactiveCalls.EXCHANGE_ATTRIBUTE, exchange));
			return chain.filter(exchange)
				.contextWrite((context) -> context.put(ExchangeScope.class, scope))
				.doFinally((signal) -> scope.close());
		});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

}
