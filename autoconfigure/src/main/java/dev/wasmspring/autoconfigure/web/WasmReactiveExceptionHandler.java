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

import dev.wasmspring.runtime.exception.WasmException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * The WebFlux counterparts of {@link WasmExceptionHandler}: a plugin failure that no
 * application handler took, raised by a controller or by the {@code Mono} it returned, is
 * answered 503 for a timeout, 502 for a trap, 400 for a bad argument and 500 otherwise.
 * With problem details enabled ({@code spring.webflux.problemdetails.enabled})
 * {@link ProblemDetails} answers with a {@link ProblemDetail} naming the module, the
 * export and the kind of failure; otherwise {@link ErrorStatus} hands the status to the
 * application's error handling as a {@link ResponseStatusException}. The body never
 * carries the exception's message; the full message is logged.
 * <p>
 * Application {@code @ExceptionHandler}s win over both. Stateless and thread-safe.
 */
public final class WasmReactiveExceptionHandler {

	private static final Log logger = LogFactory.getLog(WasmReactiveExceptionHandler.class);

	private WasmReactiveExceptionHandler() {
	}

	/** Answers with a problem detail; ordered last among controller advice. */
	@ControllerAdvice
	@Order(Ordered.LOWEST_PRECEDENCE)
	public static final class ProblemDetails {

		@ExceptionHandler
		ResponseEntity<ProblemDetail> handleWasmException(WasmException ex) {
			WasmFailureKind kind = WasmFailureKind.of(ex);
			kind.log(logger, ex);
			return ResponseEntity.status(kind.status()).headers(kind.headers()).body(kind.problem(ex));
		}

	}

	/**
	 * Turns a plugin failure into a {@link ResponseStatusException} just before the
	 * application's error handling (Spring Boot's error handler is ordered -1), which
	 * renders it like any other status.
	 */
	public static final class ErrorStatus implements WebExceptionHandler, Ordered {

		/** The order: just before Spring Boot's error handler. */
		public static final int ORDER = -2;

		@Override
		public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
			if (!(ex instanceof WasmException wasm)) {
				return Mono.error(ex);
			}
			WasmFailureKind kind = WasmFailureKind.of(wasm);
			kind.log(logger, wasm);
			String retryAfter = kind.retryAfter();
			if (retryAfter != null) {
				exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter);
			}
			return Mono.error(new ResponseStatusException(kind.status(), kind.title()));
		}

		@Override
		public int getOrder() {
			return ORDER;
		}

	}

}
