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

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /}: what this service offers, for whoever opens it in a browser first.
 * Stateless.
 */
@RestController
public class IndexController {

	private static final Map<String, String> ENDPOINTS = endpoints();

	@GetMapping("/")
	public Index index() {
		return new Index("pricing-service", ENDPOINTS);
	}

	private static Map<String, String> endpoints() {
		Map<String, String> endpoints = new LinkedHashMap<>();
		endpoints.put("POST /quotes", "price an order for the tenant in the X-Tenant header");
		endpoints.put("GET /tenants/{tenant}", "a tenant's plugin and discounts");
		endpoints.put("PUT /tenants/{tenant}", "create a tenant or replace its rules");
		endpoints.put("GET /slug?text=...", "a URL slug for a product title");
		endpoints.put("GET /plugins", "the loaded plugins, their digests and limits");
		endpoints.put("PUT /plugins/{name}", "replace a plugin with uploaded .wasm bytes");
		return endpoints;
	}

	/**
	 * The answer of {@code GET /}.
	 *
	 * @param service the service's name
	 * @param endpoints what each endpoint does
	 */
	public record Index(String service, Map<String, String> endpoints) {

	}

}
