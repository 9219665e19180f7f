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

import java.util.Optional;

import dev.wasmspring.host.WasmImportBinder;
import dev.wasmspring.runtime.function.WasmCallContext;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The HTTP request a host function is serving, read from the calling instance's
 * {@link WasmCallContext}: the request the instance was created for (see
 * {@link WasmInstances}), or else the request bound to the calling thread.
 * {@code @WasmImport} methods can also declare an {@link HttpServletRequest} parameter,
 * which is injected the same way.
 * <p>
 * Stateless; the methods are safe to call from any host function. The request they return
 * belongs to the calling thread and must not be kept beyond the call.
 */
public final class WasmHttpRequests {

	private WasmHttpRequests() {
	}

	/**
	 * Return the request the calling instance serves.
	 * @param context the calling instance's context
	 * @return the request, or empty outside an HTTP request
	 */
	public static Optional<HttpServletRequest> find(WasmCallContext context) {
		if (context.attribute(WasmInstances.REQUEST_ATTRIBUTE) instanceof HttpServletRequest request) {
			return Optional.of(request);
		}
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			return Optional.of(servlet.getRequest());
		}
		return Optional.empty();
	}

	/**
	 * Return the request the calling instance serves.
	 * @param context the calling instance's context
	 * @return the request
	 * @throws IllegalStateException outside an HTTP request
	 */
	public static HttpServletRequest get(WasmCallContext context) {
		return find(context).orElseThrow(() -> new IllegalStateException("A host function called by WASM module '"
				+ context.moduleName() + "' needs the HTTP request, but the instance was not created for one and "
				+ "no request is bound to thread '" + Thread.currentThread().getName() + "'. Call the module "
				+ "while handling a request, for example through WasmInstances."));
	}

	/**
	 * Return a header of the request the calling instance serves.
	 * @param context the calling instance's context
	 * @param name the header name
	 * @return the header's first value, or empty if absent or outside an HTTP request
	 */
	public static Optional<String> header(WasmCallContext context, String name) {
		return find(context).map((request) -> request.getHeader(name));
	}

	/**
	 * Return an attribute of the request the calling instance serves.
	 * @param context the calling instance's context
	 * @param name the request attribute name
	 * @return the value, or empty if absent or outside an HTTP request
	 */
	public static Optional<Object> requestAttribute(WasmCallContext context, String name) {
		return find(context).map((request) -> request.getAttribute(name));
	}

	static WasmImportBinder injectInto(WasmImportBinder binder) {
		return binder.withInjected(HttpServletRequest.class, WasmHttpRequests::get);
	}

}
