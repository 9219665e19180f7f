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

package dev.wasmspring.sample.tenant;

import dev.wasmspring.sample.plugins.PluginCatalog;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /tenants/{tenant}} and {@code PUT /tenants/{tenant}}: read and replace a
 * tenant's rules. Stateless; one bean serves every request.
 */
@RestController
public class TenantController {

	private final Tenants tenants;

	private final PluginCatalog plugins;

	public TenantController(Tenants tenants, PluginCatalog plugins) {
		this.tenants = tenants;
		this.plugins = plugins;
	}

	@GetMapping("/tenants/{tenant}")
	public TenantRules rules(@PathVariable String tenant) {
		return this.tenants.rules(tenant);
	}

	@PutMapping("/tenants/{tenant}")
	public ResponseEntity<TenantRules> save(@PathVariable String tenant, @RequestBody TenantRules rules) {
		this.plugins.checkPricingPlugin(rules.plugin());
		boolean created = this.tenants.save(tenant, rules);
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(rules);
	}

}
