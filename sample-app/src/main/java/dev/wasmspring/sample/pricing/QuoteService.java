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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.wasmspring.plugin.WasmPluginFactory;
import dev.wasmspring.sample.tenant.TenantRules;
import dev.wasmspring.sample.tenant.Tenants;
import dev.wasmspring.sample.web.InvalidRequestException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Prices orders with the plugin the tenant's rules name, through the
 * {@link PricingPlugin} interface bound to that module. Each HTTP request uses its own
 * instance of the plugin, created on first use and closed when the request ends; the
 * service itself holds no per-request state, so one bean serves every request.
 */
@Service
public class QuoteService {

	/**
	 * Request attribute where {@link PricingHostFunctions} records the discount it gave
	 * the plugin.
	 */
	static final String APPLIED_DISCOUNT_ATTRIBUTE = QuoteService.class.getName() + ".appliedDiscountPercent";

	private final Tenants tenants;

	private final WasmPluginFactory plugins;

	private final Map<String, PricingPlugin> pluginsByModule = new ConcurrentHashMap<>();

	public QuoteService(Tenants tenants, WasmPluginFactory plugins) {
		this.tenants = tenants;
		this.plugins = plugins;
	}

	/**
	 * Price an order for a tenant, during an HTTP request.
	 * @param tenant the tenant
	 * @param order the order
	 * @return the quote
	 */
	public Quote quote(String tenant, QuoteRequest order) {
		TenantRules rules = this.tenants.rules(Tenants.checkName(tenant));
		String sku = required(order.sku(), "sku");
		long quantity = required(order.quantity(), "quantity");
		long unitCents = required(order.unitCents(), "unitCents");
		PluginQuote answer = plugin(rules.plugin()).quote(new PluginOrder(sku, quantity, unitCents))
			.checked(rules.plugin());
		return new Quote(tenant, rules.plugin(), sku, quantity, unitCents, answer.subtotalCents(),
				appliedDiscountPercent(), answer.discountCents(), answer.totalCents());
	}

	private PricingPlugin plugin(String module) {
		// one implementation per module; it holds no instance, so a replaced module is
		// used from the next call
		return this.pluginsByModule.computeIfAbsent(module, (name) -> this.plugins.create(PricingPlugin.class, name));
	}

	private static @Nullable Integer appliedDiscountPercent() {
		return (Integer) RequestContextHolder.currentRequestAttributes()
			.getAttribute(APPLIED_DISCOUNT_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
	}

	private static <T> T required(@Nullable T value, String name) {
		if (value == null) {
			throw new InvalidRequestException(name + " is required");
		}
		return value;
	}

}
