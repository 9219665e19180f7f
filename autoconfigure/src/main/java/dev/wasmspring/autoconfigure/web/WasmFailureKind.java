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

import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * What went wrong in a plugin, as an HTTP client may be told: a status, a title and a
 * sentence that names no host path and repeats nothing the guest wrote.
 */
enum WasmFailureKind {

	/**
	 * The call ran out of time; like Spring MVC's {@code AsyncRequestTimeoutException}.
	 */
	TIMEOUT(HttpStatus.SERVICE_UNAVAILABLE, "timeout", "Plugin timed out", "did not answer in time"),

	/**
	 * The plugin needed more memory than the runtime's memory budget (or the JVM's heap)
	 * had free: a passing condition, like an overloaded upstream; the answer carries
	 * {@code Retry-After}.
	 */
	RESOURCE_EXHAUSTED(HttpStatus.SERVICE_UNAVAILABLE, "resource-exhausted", "Plugin out of memory",
			"could not get the memory it asked for; retry later"),

	/**
	 * The call used up its fuel budget: like a timeout, the plugin did more work than it
	 * may, but deterministically, so the same request runs out again and no
	 * {@code Retry-After} is sent. Not 429: the client sent no more requests than it may.
	 */
	FUEL_EXHAUSTED(HttpStatus.SERVICE_UNAVAILABLE, "fuel-exhausted", "Plugin out of fuel",
			"used up its budget of work"),

	/** The guest trapped: the plugin, an upstream component, failed. */
	TRAP(HttpStatus.BAD_GATEWAY, "trap", "Plugin failed", "failed"),

	/**
	 * The plugin ended the call reporting an error in its own words (an Extism plugin's
	 * {@code error_set} or non-zero return): an upstream component answered with a
	 * failure.
	 */
	PLUGIN_ERROR(HttpStatus.BAD_GATEWAY, "plugin-error", "Plugin reported an error", "reported an error"),

	/**
	 * The guest broke the calling convention or answered what the application cannot
	 * read.
	 */
	GUEST_ERROR(HttpStatus.BAD_GATEWAY, "guest-error", "Plugin failed", "gave an answer that cannot be used"),

	/** The arguments did not fit the export's signature. */
	BAD_ARGUMENT(HttpStatus.BAD_REQUEST, "bad-argument", "Bad plugin argument",
			"was called with arguments it does not take"),

	/** The guest exited with a non-zero code. */
	EXIT(HttpStatus.INTERNAL_SERVER_ERROR, "exit", "Plugin exited", "exited"),

	/** A host function the guest called failed. */
	HOST_FUNCTION(HttpStatus.INTERNAL_SERVER_ERROR, "host-function", "Plugin failed", "failed in a host function"),

	/**
	 * The call was stopped through its instance's cancel handle, as when the client went
	 * away.
	 */
	CANCELLED(HttpStatus.SERVICE_UNAVAILABLE, "cancelled", "Plugin call cancelled", "was cancelled"),

	/** The calling thread was interrupted, as when the application shuts down. */
	INTERRUPTED(HttpStatus.SERVICE_UNAVAILABLE, "interrupted", "Plugin call interrupted", "was interrupted"),

	/**
	 * The instance was closed, discarded by an earlier failure, or busy on another
	 * thread.
	 */
	INSTANCE_STATE(HttpStatus.INTERNAL_SERVER_ERROR, "instance-state", "Plugin failed",
			"was called on an instance that cannot serve the call"),

	/** The module could not be loaded. */
	LOAD(HttpStatus.INTERNAL_SERVER_ERROR, "load", "Plugin failed", "could not be loaded"),

	/** The module's imports could not be linked. */
	LINK(HttpStatus.INTERNAL_SERVER_ERROR, "link", "Plugin failed", "could not be linked"),

	/** Anything else. */
	OTHER(HttpStatus.INTERNAL_SERVER_ERROR, "other", "Plugin failed", "failed");

	private final HttpStatus status;

	private final String failure;

	private final String title;

	private final String what;

	WasmFailureKind(HttpStatus status, String failure, String title, String what) {
		this.status = status;
		this.failure = failure;
		this.title = title;
		this.what = what;
	}

	/**
	 * The kind of a failure; its {@link #failure() name} is the {@code wasm.failure}
	 * value that metrics give the same failure.
	 */
	static WasmFailureKind of(WasmException ex) {
		if (ex instanceof WasmModuleLoadException) {
			return LOAD;
		}
		if (ex instanceof WasmLinkException) {
			return LINK;
		}
		if (!(ex instanceof WasmCallException call)) {
			return OTHER;
		}
		if (call instanceof WasmTrapException trap && trap.getKind() == WasmTrapException.Kind.RESOURCE_EXHAUSTED) {
			return RESOURCE_EXHAUSTED;
		}
		if (call instanceof WasmTrapException trap && trap.getKind() == WasmTrapException.Kind.FUEL_EXHAUSTED) {
			return FUEL_EXHAUSTED;
		}
		return switch (call.getReason()) {
			case TIMED_OUT -> TIMEOUT;
			case CANCELLED -> CANCELLED;
			case TRAPPED -> TRAP;
			case PLUGIN_ERROR -> PLUGIN_ERROR;
			case GUEST_ERROR -> GUEST_ERROR;
			case ILLEGAL_ARGUMENT -> BAD_ARGUMENT;
			case EXITED -> EXIT;
			case HOST_FUNCTION_FAILED -> HOST_FUNCTION;
			case INTERRUPTED -> INTERRUPTED;
			case INSTANCE_UNUSABLE -> INSTANCE_STATE;
		};
	}

	/**
	 * The failure's name, in problem details' {@code failure} and metrics'
	 * {@code wasm.failure}.
	 */
	String failure() {
		return this.failure;
	}

	HttpStatus status() {
		return this.status;
	}

	/** The Retry-After header's seconds for a failure that passes, or {@code null}. */
	@Nullable String retryAfter() {
		return (this == RESOURCE_EXHAUSTED) ? "1" : null;
	}

	/** The headers that go with the status. */
	HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		String retryAfter = retryAfter();
		if (retryAfter != null) {
			headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
		}
		return headers;
	}

	String title() {
		return this.title;
	}

	/**
	 * A sentence safe to show a client: module and export names only, never the
	 * exception's message.
	 */
	String detail(WasmException ex) {
		String module = ex.getModuleName();
		String export = (ex instanceof WasmCallException call) ? call.getExportName() : null;
		StringBuilder detail = new StringBuilder("The plugin");
		if (module != null) {
			detail.append(" '").append(module).append("'");
		}
		detail.append(' ').append(this.what);
		if (export != null && !export.startsWith("<")) {
			detail.append(" in '").append(export).append("'");
		}
		return detail.append('.').toString();
	}

	/**
	 * A problem detail naming the module, the export and the kind of failure, and nothing
	 * else.
	 */
	ProblemDetail problem(WasmException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, detail(ex));
		problem.setTitle(this.title);
		if (ex.getModuleName() != null) {
			problem.setProperty("module", ex.getModuleName());
		}
		if (ex instanceof WasmCallException call && call.getExportName() != null
				&& !call.getExportName().startsWith("<")) {
			problem.setProperty("export", call.getExportName());
		}
		problem.setProperty("failure", this.failure);
		return problem;
	}

	/**
	 * Log the full message: a warning for a server-side failure, at debug level for a
	 * client's.
	 */
	void log(Log logger, WasmException ex) {
		if (this.status.is5xxServerError()) {
			logger.warn(ex.getMessage(), (ex instanceof WasmCallException) ? null : ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(ex.getMessage());
		}
	}

}
