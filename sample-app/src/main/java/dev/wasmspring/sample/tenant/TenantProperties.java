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

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The tenants the service starts with, under {@code pricing.tenants}. Bound once at
 * startup and read once by {@link Tenants}; changes after that go through {@code PUT
 * /tenants/{tenant}}.
 */
@ConfigurationProperties("pricing")
public class TenantProperties {

	/**
	 * Tenants by name, as sent in the X-Tenant header.
	 */
	private Map<String, Tenant> tenants = new LinkedHashMap<>();

	/**
	 * Directory of tenants' own pricing plugins: a file named {@code <tenant>.wasm} makes
	 * a tenant of that name whose orders are priced by that file, run with the settings
	 * of module {@code pricing} and loaded on the tenant's first request.
	 */
	private @Nullable Path tenantPlugins;

	public Map<String, Tenant> getTenants() {
		return this.tenants;
	}

	public void setTenants(Map<String, Tenant> tenants) {
		this.tenants = tenants;
	}

	public @Nullable Path getTenantPlugins() {
		return this.tenantPlugins;
	}

	public void setTenantPlugins(@Nullable Path tenantPlugins) {
		this.tenantPlugins = tenantPlugins;
	}

	/**
	 * One tenant's rules.
	 */
	public static class Tenant {

		/**
		 * Name of the WASM module (under wasm.modules) that prices the tenant's orders.
		 */
		private String plugin = "pricing";

		/**
		 * Discount in percent for SKUs without their own.
		 */
		private int defaultDiscountPercent;

		/**
		 * Discounts in percent by SKU.
		 */
		private Map<String, Integer> discountPercents = new LinkedHashMap<>();

		public String getPlugin() {
			return this.plugin;
		}

		public void setPlugin(String plugin) {
			this.plugin = plugin;
		}

		public int getDefaultDiscountPercent() {
			return this.defaultDiscountPercent;
		}

		public void setDefaultDiscountPercent(int defaultDiscountPercent) {
			this.defaultDiscountPercent = defaultDiscountPercent;
		}

		public Map<String, Integer> getDiscountPercents() {
			return this.discountPercents;
		}

		public void setDiscountPercents(Map<String, Integer> discountPercents) {
			this.discountPercents = discountPercents;
		}

	}

}
