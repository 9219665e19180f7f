package dev.wasmspring.autoconfigure;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Contributes attributes to the instances {@link WasmInstances} creates for HTTP requests, for
 * example a tenant resolved from a header, which host functions then read from their
 * {@link dev.wasmspring.runtime.WasmCallContext}. Beans of this type are applied in order when a request's
 * instance of a module is created.
 * <p>
 * Customizers are shared by all requests and called on the request's thread, so they must be thread-safe.
 */
@FunctionalInterface
public interface WasmRequestAttributesCustomizer {

	/**
	 * Add attributes for the instance of a module about to be created for a request.
	 * @param moduleName the module
	 * @param request the request
	 * @param attributes the attributes so far, to add to; values must not be {@code null}
	 */
	void customize(String moduleName, HttpServletRequest request, Map<String, Object> attributes);

}
