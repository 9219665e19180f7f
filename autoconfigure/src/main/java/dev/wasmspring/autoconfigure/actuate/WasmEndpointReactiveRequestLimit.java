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

package dev.wasmspring.autoconfigure.actuate;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The reactive twin of {@link WasmEndpointRequestLimit}: bounds the request body of the
 * {@code wasm} endpoint's operations to {@value WasmEndpointRequestLimit#MAX_BODY_BYTES}
 * bytes in a WebFlux application.
 * <p>
 * Immutable and thread-safe.
 */
final class WasmEndpointReactiveRequestLimit implements WebFilter {

	private static final HttpStatus TOO_LARGE = HttpStatus.valueOf(413);

	private final String endpointPath;

	WasmEndpointReactiveRequestLimit(String endpointPath) {
		this.endpointPath = endpointPath;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.equals(this.endpointPath) && !path.startsWith(this.endpointPath + "/")) {
			return chain.filter(exchange);
		}
		if (exchange.getRequest().getHeaders().getContentLength() > WasmEndpointRequestLimit.MAX_BODY_BYTES) {
			exchange.getResponse().setStatusCode(TOO_LARGE);
			return exchange.getResponse().setComplete();
		}
		ServerHttpRequest bounded = new ServerHttpRequestDecorator(exchange.getRequest()) {

			@Override
			public Flux<DataBuffer> getBody() {
				AtomicLong read = new AtomicLong();
				return super.getBody().handle((buffer, sink) -> {
					if (read.addAndGet(buffer.readableByteCount()) > WasmEndpointRequestLimit.MAX_BODY_BYTES) {
						DataBufferUtils.release(buffer);
						sink.error(new ResponseStatusException(TOO_LARGE, "The wasm endpoint reads at most "
								+ WasmEndpointRequestLimit.MAX_BODY_BYTES + " bytes of request body"));
					}
					else {
						sink.next(buffer);
					}
				});
			}

		};
		return chain.filter(exchange.mutate().request(bounded).build());
	}

}
