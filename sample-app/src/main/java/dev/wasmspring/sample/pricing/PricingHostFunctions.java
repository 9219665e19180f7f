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

package dev.wasmspring.sample.pricing;

import dev.wasmspring.autoconfigure.WasmHttpRequests;
import dev.wasmspring.host.WasmImport;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.sample.tenant.TenantRequestAttributes;
import dev.wasmspring.sample.tenant.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The host functions pricing plugins import from module {@code pricing}. One bean serves
 * every plugin instance on every thread: it keeps no state of its own, and finds the
 * tenant it works for in the calling instance's {@link WasmCallContext}: put there by
 * {@link TenantRequestAttributes} when a request's instance is created, or given by
 * whoever creates an instance outside a request.
 */
@Component
public class PricingHostFunctions {

	private static final Logger logger = LoggerFactory.getLogger(PricingHostFunctions.class);

	private final Tenants tenants;

	public PricingHostFunctions(Tenants tenants) {
		this.tenants = tenants;
	}

	/**
	 * Answer the discount of the calling instance's tenant for a SKU and, when the
	 * instance serves an HTTP request, note it on the request for the quote's answer.
	 * @param sku the SKU the plugin is pricing
	 * @param context the calling instance's context
	 * @return the discount in percent, 0 to 100
	 */
	@WasmImport(module = "pricing", name = "discount_percent")
	public int discountPercent(String sku, WasmCallContext context) {
		int percent = this.tenants.rules(tenant(context)).discountPercent(sku);
		// instances created outside requests (batch jobs) price just as well; they have
		// no request to note it on
		WasmHttpRequests.find(context)
			.ifPresent((request) -> request.setAttribute(QuoteService.APPLIED_DISCOUNT_ATTRIBUTE, percent));
		return percent;
	}

	/**
	 * Log a message of the plugin, with the tenant it works for.
	 * @param message the message
	 * @param context the calling instance's context
	 */
	@WasmImport(module = "pricing", name = "log")
	public void log(String message, WasmCallContext context) {
		logger.info("{} [tenant {}]: {}", context.moduleName(), tenant(context), message);
	}

	private static String tenant(WasmCallContext context) {
		String tenant = context.attribute(TenantRequestAttributes.TENANT, String.class);
		if (tenant == null) {
			throw new IllegalStateException("WASM module '" + context.moduleName() + "' asked for a tenant's "
					+ "pricing, but its instance serves no tenant. Create it during a request that has an "
					+ Tenants.HEADER + " header, or with the attribute '" + TenantRequestAttributes.TENANT + "'.");
		}
		return tenant;
	}

}
