package dev.wasmspring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;

/**
 * The instances bound to the current HTTP request: one per module and request, created on first use and
 * closed when the request ends. Host functions called by such an instance find the request in their
 * context under {@link #REQUEST_ATTRIBUTE}, with the attributes that {@link WasmRequestAttributesCustomizer}s
 * add. Safe to share; each instance it returns belongs to the calling request's thread and must not be closed
 * or kept by the caller.
 */
public final class WasmRequestInstances {

	/** Name of the context attribute that holds the {@link HttpServletRequest}. */
	public static final String REQUEST_ATTRIBUTE = "wasm.http.request";

	private static final String KEY_PREFIX = WasmRequestInstances.class.getName() + ".";

	private final WasmRuntime runtime;

	private final List<WasmRequestAttributesCustomizer> customizers;

	/**
	 * Create the per-request instances of a runtime's modules.
	 * @param runtime the runtime
	 */
	public WasmRequestInstances(WasmRuntime runtime) {
		this(runtime, List.of());
	}

	/**
	 * Create the per-request instances of a runtime's modules, with customizers that add attributes.
	 * @param runtime the runtime
	 * @param customizers the customizers, applied in order
	 */
	public WasmRequestInstances(WasmRuntime runtime, List<WasmRequestAttributesCustomizer> customizers) {
		this.runtime = runtime;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Return the current request's instance of a module, creating it on first use.
	 * @param moduleName the module
	 * @return the instance
	 * @throws IllegalStateException if no request is being handled on this thread
	 */
	public WasmInstance get(String moduleName) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes == null) {
			throw new IllegalStateException("No HTTP request is bound to thread '" + Thread.currentThread().getName()
					+ "', so there is no per-request instance of WASM module '" + moduleName
					+ "'. Outside requests, use a @Qualifier(\"" + moduleName
					+ "\") ObjectProvider<WasmInstance> and close the instance yourself.");
		}
		String key = KEY_PREFIX + moduleName;
		WasmInstance instance = (WasmInstance) attributes.getAttribute(key, RequestAttributes.SCOPE_REQUEST);
		if (instance == null || !instance.isOpen()) {
			instance = this.runtime.newInstance(moduleName, instanceAttributes(moduleName, attributes));
			attributes.setAttribute(key, instance, RequestAttributes.SCOPE_REQUEST);
			attributes.registerDestructionCallback(key, instance::close, RequestAttributes.SCOPE_REQUEST);
		}
		return instance;
	}

	private Map<String, Object> instanceAttributes(String moduleName, RequestAttributes attributes) {
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			return Map.of();
		}
		HttpServletRequest request = servlet.getRequest();
		if (this.customizers.isEmpty()) {
			return Map.of(REQUEST_ATTRIBUTE, request);
		}
		Map<String, Object> instanceAttributes = new LinkedHashMap<>();
		instanceAttributes.put(REQUEST_ATTRIBUTE, request);
		for (WasmRequestAttributesCustomizer customizer : this.customizers) {
			customizer.customize(moduleName, request, instanceAttributes);
			instanceAttributes.forEach((key, value) -> {
				if (key == null || value == null) {
					throw new IllegalStateException(customizer.getClass().getName() + " put a null "
							+ ((key == null) ? "key" : "value under '" + key + "'") + " into the attributes of WASM "
							+ "module '" + moduleName + "'. Attributes must not be null: leave the attribute out "
							+ "instead.");
				}
			});
		}
		return instanceAttributes;
	}

}
