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

package dev.wasmspring.sample.web;

import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.exception.WasmPluginException;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.sample.plugins.PluginRejectedException;
import dev.wasmspring.sample.plugins.UnknownPluginException;
import dev.wasmspring.sample.pricing.OrderRejectedException;
import dev.wasmspring.sample.pricing.PluginAnswerException;
import dev.wasmspring.sample.receipts.ReceiptRejectedException;
import dev.wasmspring.sample.tenant.UnknownTenantException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns failures into RFC 9457 problem details ({@code application/problem+json}): the
 * message says what went wrong and what to do, and extra members name the plugin, the
 * export and the limit concerned. A failing plugin call ends that request only; the next
 * request gets a fresh instance. Stateless.
 */
@RestControllerAdvice
public class ApiErrors extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiErrors.class);

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalidRequest(RuntimeException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid request", ex);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// the JSON was readable, but the rules it describes are not valid: say why
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidRequestException invalid) {
				return ResponseEntity.badRequest().body(invalidRequest(invalid));
			}
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	@ExceptionHandler
	ProblemDetail unknownTenant(UnknownTenantException ex) {
		ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "Unknown tenant", ex);
		problem.setProperty("tenant", ex.getTenant());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail unknownPlugin(UnknownPluginException ex) {
		return withModule(problem(HttpStatus.NOT_FOUND, "Unknown plugin", ex), ex.getPlugin());
	}

	@ExceptionHandler
	ProblemDetail orderRejected(OrderRejectedException ex) {
		ProblemDetail problem = withModule(problem(HttpStatus.UNPROCESSABLE_CONTENT, "Order rejected", ex),
				ex.getPlugin());
		problem.setProperty("reason", ex.getReason());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail pluginRejected(PluginRejectedException ex) {
		return withModule(problem(HttpStatus.UNPROCESSABLE_CONTENT, "Plugin rejected", ex), ex.getPlugin());
	}

	@ExceptionHandler
	ProblemDetail pluginNotLinkable(WasmLinkException ex) {
		ProblemDetail problem = withModule(problem(HttpStatus.UNPROCESSABLE_CONTENT, "Plugin rejected", ex),
				ex.getModuleName());
		problem.setProperty("import", ex.getImportName());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail receiptRejected(ReceiptRejectedException ex) {
		ProblemDetail problem = withModule(problem(HttpStatus.UNPROCESSABLE_CONTENT, "Order lines rejected", ex),
				"receipt");
		problem.setProperty("exitCode", ex.getExitCode());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail pluginRefused(WasmPluginException ex) {
		ProblemDetail problem = withExport(problem(HttpStatus.UNPROCESSABLE_CONTENT, "Plugin refused", ex), ex);
		if (ex.getPluginMessage() != null) {
			problem.setProperty("reason", ex.getPluginMessage());
		}
		return problem;
	}

	@ExceptionHandler
	ProblemDetail pluginTimedOut(WasmTimeoutException ex) {
		logger.warn(ex.getMessage());
		ProblemDetail problem = withExport(problem(HttpStatus.GATEWAY_TIMEOUT, "Plugin timed out", ex), ex);
		problem.setProperty("timeoutMillis", ex.getTimeout().toMillis());
		return problem;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> pluginTrapped(WasmTrapException ex) {
		logger.warn(ex.getMessage());
		if (ex.getKind() == WasmTrapException.Kind.RESOURCE_EXHAUSTED) {
			// the plugins' memory budget was full: a passing condition, worth a retry
			ProblemDetail problem = withExport(problem(HttpStatus.SERVICE_UNAVAILABLE, "Plugin out of memory", ex), ex);
			problem.setProperty("trap", ex.getKind().name());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, "1")
				.body(problem);
		}
		if (ex.getKind() == WasmTrapException.Kind.FUEL_EXHAUSTED) {
			// more work than the plugin's fuel budget allows: a timeout's
			// deterministic form, so 503; the same request runs out again,
			// so no Retry-After
			ProblemDetail problem = withExport(problem(HttpStatus.SERVICE_UNAVAILABLE, "Plugin out of fuel", ex), ex);
			problem.setProperty("trap", ex.getKind().name());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
		}
		ProblemDetail problem = withExport(problem(HttpStatus.BAD_GATEWAY, "Plugin failed", ex), ex);
		problem.setProperty("trap", ex.getKind().name());
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
	}

	@ExceptionHandler
	ProblemDetail pluginFailed(WasmCallException ex) {
		logger.warn(ex.getMessage(), ex);
		return withExport(problem(HttpStatus.BAD_GATEWAY, "Plugin failed", ex), ex);
	}

	@ExceptionHandler
	ProblemDetail pluginAnsweredNonsense(PluginAnswerException ex) {
		logger.warn(ex.getMessage());
		ProblemDetail problem = withModule(problem(HttpStatus.BAD_GATEWAY, "Plugin failed", ex), ex.getPlugin());
		problem.setProperty("export", "quote");
		return problem;
	}

	private static ProblemDetail problem(HttpStatus status, String title, Exception ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setTitle(title);
		return problem;
	}

	private static ProblemDetail withModule(ProblemDetail problem, @Nullable String module) {
		if (module != null) {
			problem.setProperty("module", module);
		}
		return problem;
	}

	private static ProblemDetail withExport(ProblemDetail problem, WasmCallException ex) {
		withModule(problem, ex.getModuleName());
		if (ex.getExportName() != null) {
			problem.setProperty("export", ex.getExportName());
		}
		return problem;
	}

}
