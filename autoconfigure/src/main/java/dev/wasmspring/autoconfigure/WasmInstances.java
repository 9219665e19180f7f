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

package dev.wasmspring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.wasi.WasiInstanceOptions;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The one entry point to instances of the configured modules, beside the prototype
 * {@link WasmInstance} bean each module also gets
 * ({@code @Qualifier("greeter") ObjectProvider<WasmInstance>}):
 * <ul>
 * <li>{@link #create(String, Map)}: a new instance that the caller owns and closes, with
 * attributes its host functions see in their context;</li>
 * <li>{@link #current(String)}: the current HTTP request's instance of a module, created
 * on first use and closed by the starter when the request ends. Host functions it calls
 * find the request in their context under {@link #REQUEST_ATTRIBUTE}, with what
 * {@link WasmRequestAttributesCustomizer}s add.</li>
 * </ul>
 * <b>Async requests</b> ({@code Callable}, {@code WebAsyncTask}, {@code DeferredResult}):
 * the request's instance lives until the async request completes, times out or fails, not
 * just until its first dispatch ends. Inside a {@code Callable} or {@code WebAsyncTask},
 * {@code current} returns the same instance as in the handler method; a thread that
 * completes a {@code DeferredResult} has no request bound, so hand it the instance from
 * the handler (one thread at a time). <b>Threads:</b> safe to share; one bean per
 * application. Each instance it returns is confined to one thread at a time. An instance
 * from {@code create} belongs to the caller, who closes it (try-with-resources); an
 * instance from {@code current} belongs to the request, and must be neither closed nor
 * kept beyond it.
 */
public class WasmInstances {

	/**
	 * Name of the context attribute that holds the {@link HttpServletRequest} of a
	 * request's instance.
	 */
	public static final String REQUEST_ATTRIBUTE = "wasm.http.request";

	private static final boolean WEB_PRESENT = ClassUtils.isPresent(
			"org.springframework.web.context.request.RequestContextHolder", WasmInstances.class.getClassLoader());

	private static final boolean SERVLET_PRESENT = ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest",
			WasmInstances.class.getClassLoader());

	private static final String KEY_PREFIX = WasmInstances.class.getName() + ".";

	private final WasmRuntime runtime;

	private final List<WasmRequestAttributesCustomizer> customizers;

	/**
	 * Create the entry point to a runtime's modules.
	 * @param runtime the runtime
	 */
	public WasmInstances(WasmRuntime runtime) {
		this(runtime, List.of());
	}

	/**
	 * Create the entry point to a runtime's modules, with customizers that add attributes
	 * to requests' instances.
	 * @param runtime the runtime
	 * @param customizers the customizers, applied in order
	 */
	public WasmInstances(WasmRuntime runtime, List<WasmRequestAttributesCustomizer> customizers) {
		this.runtime = runtime;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Create an instance without attributes.
	 * @param moduleName the module
	 * @return a new instance, to be closed by the caller
	 */
	public WasmInstance create(String moduleName) {
		return create(moduleName, Map.of());
	}

	/**
	 * Create an instance whose host functions see the given attributes in their context.
	 * @param moduleName the module
	 * @param attributes the attributes
	 * @return a new instance, to be closed by the caller
	 */
	public WasmInstance create(String moduleName, Map<String, ?> attributes) {
		return create(moduleName, attributes, WasiInstanceOptions.none());
	}

	/**
	 * Create an instance of a WASI module with its own standard input, arguments,
	 * environment, scratch directory or output destinations, overriding the module's
	 * settings.
	 * @param moduleName the module
	 * @param attributes the attributes
	 * @param wasi the instance's own WASI settings
	 * @return a new instance, to be closed by the caller; closing it deletes its scratch
	 * directory
	 */
	public WasmInstance create(String moduleName, Map<String, ?> attributes, WasiInstanceOptions wasi) {
		return this.runtime.newInstance(moduleName, attributes, wasi);
	}

	/**
	 * Return the current HTTP request's instance of a module, creating it on first use.
	 * The starter closes it when the request ends.
	 * @param moduleName the module
	 * @return the request's instance
	 * @throws IllegalStateException if no request is being handled on this thread
	 */
	public WasmInstance current(String moduleName) {
		if (!WEB_PRESENT) {
			throw RequestScope.noRequest(moduleName);
		}
		return RequestScope.current(this, moduleName);
	}

	/**
	 * The request-scoped side, apart so that this class's own methods name no Spring Web
	 * or Servlet type: an application without them still gets the bean (Spring
	 * introspects its declared methods).
	 */
	private static final class RequestScope {

		static WasmInstance current(WasmInstances instances, String moduleName) {
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (attributes == null) {
				throw noRequest(moduleName);
			}
			String key = KEY_PREFIX + moduleName;
			boolean servlet = SERVLET_PRESENT && attributes instanceof ServletRequestAttributes;
			WasmInstance instance = servlet ? ServletRequestInstances.find((ServletRequestAttributes) attributes, key)
					: (WasmInstance) attributes.getAttribute(key, RequestAttributes.SCOPE_REQUEST);
			if (instance == null || !instance.isOpen()) {
				instance = instances.create(moduleName, requestAttributes(instances, moduleName, attributes));
				if (servlet) {
					// kept until an asynchronous request completes, not only its first
					// dispatch
					ServletRequestInstances.bind((ServletRequestAttributes) attributes, key, instance);
				}
				else {
					attributes.setAttribute(key, instance, RequestAttributes.SCOPE_REQUEST);
					attributes.registerDestructionCallback(key, instance::close, RequestAttributes.SCOPE_REQUEST);
				}
			}
			return instance;
		}

		static IllegalStateException noRequest(String moduleName) {
			return new IllegalStateException("No HTTP request is bound to thread '" + Thread.currentThread().getName()
					+ "', so there is no current instance of WASM module '" + moduleName
					+ "'. Outside requests, use WasmInstances.create(\"" + moduleName
					+ "\") and close the instance yourself.");
		}

		private static Map<String, Object> requestAttributes(WasmInstances instances, String moduleName,
				RequestAttributes attributes) {
			if (!SERVLET_PRESENT || !(attributes instanceof ServletRequestAttributes servlet)) {
				return Map.of();
			}
			HttpServletRequest request = servlet.getRequest();
			if (instances.customizers.isEmpty()) {
				return Map.of(REQUEST_ATTRIBUTE, request);
			}
			Map<String, Object> instanceAttributes = new LinkedHashMap<>();
			instanceAttributes.put(REQUEST_ATTRIBUTE, request);
			for (WasmRequestAttributesCustomizer customizer : instances.customizers) {
				customizer.customize(moduleName, request, instanceAttributes);
				instanceAttributes.forEach((key, value) -> {
					if (key == null || value == null) {
						throw new IllegalStateException(customizer.getClass().getName() + " put a null "
								+ ((key != null) ? "value under '" + key + "'" : "key") + " into the attributes of "
								+ "WASM module '" + moduleName + "'. Attributes must not be null: leave the attribute "
								+ "out instead.");
					}
				});
			}
			return instanceAttributes;
		}

	}

}
