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

import java.io.IOException;

import dev.wasmspring.runtime.exception.WasmException;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Answers a plugin failure that no application handler took with the status Spring MVC
 * gives its own exceptions: a timeout 503, a trap 502, a bad argument 400, anything else
 * 500. With problem details enabled ({@code spring.mvc.problemdetails.enabled}) the body
 * is a {@link ProblemDetail} naming the module, the export and the kind of failure;
 * otherwise the status goes to the application's error page. The body never carries the
 * exception's message, which may name host paths or contain the guest's output; the full
 * message is logged.
 * <p>
 * Ordered last among controller advice, so any {@code @ExceptionHandler} of the
 * application wins. Stateless and thread-safe.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public final class WasmExceptionHandler {

	private static final Log logger = LogFactory.getLog(WasmExceptionHandler.class);

	private final boolean problemDetails;

	/**
	 * Create a handler.
	 * @param problemDetails whether to answer with a problem-details body
	 */
	public WasmExceptionHandler(boolean problemDetails) {
		this.problemDetails = problemDetails;
	}

	@ExceptionHandler
	@Nullable ResponseEntity<ProblemDetail> handleWasmException(WasmException ex, HttpServletResponse response)
			throws IOException {
		WasmFailureKind kind = WasmFailureKind.of(ex);
		kind.log(logger, ex);
		String retryAfter = kind.retryAfter();
		if (!this.problemDetails) {
			if (retryAfter != null) {
				response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
			}
			response.sendError(kind.status().value());
			return null;
		}
		ProblemDetail problem = kind.problem(ex);
		return ResponseEntity.status(kind.status()).headers(kind.headers()).body(problem);
	}

}
