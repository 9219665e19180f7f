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

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Contributes attributes to the instances {@link WasmInstances} creates for HTTP
 * requests, for example a tenant resolved from a header, which host functions then read
 * from their {@link dev.wasmspring.runtime.function.WasmCallContext}. Beans of this type
 * are applied in order when a request's instance of a module is created.
 * <p>
 * Customizers are shared by all requests and called on the request's thread, so they must
 * be thread-safe.
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
