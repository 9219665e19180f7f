package dev.wasmspring.autoconfigure.web;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.wasmspring.runtime.WasmCallException;
import dev.wasmspring.runtime.WasmException;
import dev.wasmspring.runtime.WasmTrapException;

/**
 * What went wrong in a plugin, as an HTTP client may be told: a status, a title and a sentence that names no
 * host path and repeats nothing the guest wrote.
 */
enum WasmFailureKind {

	/** The call ran out of time; like Spring MVC's {@code AsyncRequestTimeoutException}. */
	TIMEOUT(HttpStatus.SERVICE_UNAVAILABLE, "Plugin timed out", "did not answer in time"),

	/**
	 * The plugin needed more memory than the runtime's memory budget (or the JVM's heap) had free: a passing
	 * condition, like an overloaded upstream; the answer carries {@code Retry-After}.
	 */
	RESOURCE_EXHAUSTED(HttpStatus.SERVICE_UNAVAILABLE, "Plugin out of memory",
			"could not get the memory it asked for; retry later"),

	/** The guest trapped: the plugin, an upstream component, failed. */
	TRAP(HttpStatus.BAD_GATEWAY, "Plugin failed", "failed"),

	/** The arguments did not fit the export's signature. */
	BAD_ARGUMENT(HttpStatus.BAD_REQUEST, "Bad plugin argument", "was called with arguments it does not take"),

	/** The guest exited with a non-zero code. */
	EXIT(HttpStatus.INTERNAL_SERVER_ERROR, "Plugin exited", "exited"),

	/** A host function the guest called failed. */
	HOST_FUNCTION(HttpStatus.INTERNAL_SERVER_ERROR, "Plugin failed", "failed in a host function"),

	/** Anything else. */
	OTHER(HttpStatus.INTERNAL_SERVER_ERROR, "Plugin failed", "failed");

	private final HttpStatus status;

	private final String title;

	private final String what;

	WasmFailureKind(HttpStatus status, String title, String what) {
		this.status = status;
		this.title = title;
		this.what = what;
	}

	static WasmFailureKind of(WasmException ex) {
		if (!(ex instanceof WasmCallException call)) {
			return OTHER;
		}
		if (call instanceof WasmTrapException trap && trap.getKind() == WasmTrapException.Kind.RESOURCE_EXHAUSTED) {
			return RESOURCE_EXHAUSTED;
		}
		return switch (call.getReason()) {
			case TIMED_OUT -> TIMEOUT;
			case TRAPPED -> TRAP;
			case ILLEGAL_ARGUMENT -> BAD_ARGUMENT;
			case EXITED -> EXIT;
			case HOST_FUNCTION_FAILED -> HOST_FUNCTION;
			default -> OTHER;
		};
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

	/** A sentence safe to show a client: module and export names only, never the exception's message. */
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

	/** A problem detail naming the module, the export and the kind of failure, and nothing else. */
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
		problem.setProperty("failure", name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		return problem;
	}

	/** Log the full message: a warning for a server-side failure, at debug level for a client's. */
	void log(Log logger, WasmException ex) {
		if (this.status.is5xxServerError()) {
			logger.warn(ex.getMessage(), (ex instanceof WasmCallException) ? null : ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(ex.getMessage());
		}
	}

}
