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

package dev.wasmspring.autoconfigure.reactive;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives each WebFlux exchange its own instances: puts the exchange's scope into the
 * Reactor Context of its chain, and closes the instances it created when the exchange
 * ends, however it ends. Stateless.
 */
final class WasmExchangeFilter implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		// eager: the instances are closed before the chain's completion goes on, and on
		// cancellation
		return Mono.using(() -> new ExchangeScope(Map.of(WasmReactiveCalls.EXCHANGE_ATTRIBUTE, exchange)),
				(scope) -> chain.filter(exchange).contextWrite((context) -> context.put(ExchangeScope.class, scope)),
				ExchangeScope::close, true);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

}
