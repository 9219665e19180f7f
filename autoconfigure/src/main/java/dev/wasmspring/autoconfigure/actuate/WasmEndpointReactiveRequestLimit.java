package dev.wasmspring.autoconfigure.actuate;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of {@link WasmEndpointRequestLimit}: bounds the request body of the {@code wasm}
 * endpoint's operations to {@value WasmEndpointRequestLimit#MAX_BODY_BYTES} bytes in a WebFlux application.
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
