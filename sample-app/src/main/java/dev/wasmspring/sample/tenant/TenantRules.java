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

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import dev.wasmspring.sample.web.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's pricing rules: the plugin that prices its orders and the discounts that
 * plugin is told about. Immutable.
 *
 * @param plugin the name of the WASM module that prices the tenant's orders
 * @param defaultDiscountPercent the discount for SKUs without their own, 0 to 100 (absent
 * means 0)
 * @param discountPercents discounts by SKU, each 0 to 100
 */
public record TenantRules(String plugin, Integer defaultDiscountPercent, Map<String, Integer> discountPercents) {

	public TenantRules {
		if (plugin == null || plugin.isBlank()) {
			throw new InvalidRequestException("A tenant needs a plugin: the name of a WASM module");
		}
		// a tenant without a default discount has none
		defaultDiscountPercent = (defaultDiscountPercent != null) ? defaultDiscountPercent : 0;
		checkPercent("defaultDiscountPercent", defaultDiscountPercent);
		discountPercents = (discountPercents != null) ? new TreeMap<>(discountPercents) : new TreeMap<>();
		discountPercents.forEach((sku, percent) -> checkPercent("discountPercents[" + sku + "]", percent));
		discountPercents = Collections.unmodifiableMap(discountPercents);
	}

	/**
	 * Return the discount for a SKU.
	 * @param sku the SKU
	 * @return the percent, 0 to 100
	 */
	public int discountPercent(String sku) {
		return this.discountPercents.getOrDefault(sku, this.defaultDiscountPercent);
	}

	private static void checkPercent(String name, @Nullable Integer percent) {
		if (percent == null || percent < 0 || percent > 100) {
			throw new InvalidRequestException(name + " must be a percentage from 0 to 100, not " + percent);
		}
	}

}
