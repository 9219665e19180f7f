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

import org.jspecify.annotations.Nullable;

/**
 * A pricing plugin's answer:
 * {@code {"subtotalCents":3897,"discountCents":390,"totalCents":3507}}, or
 * {@code {"error":"invalid quantity"}} when it refuses the order. Immutable.
 *
 * @param subtotalCents quantity times unit price
 * @param discountCents the discount
 * @param totalCents what the customer pays
 * @param error why the plugin refuses the order, or {@code null}
 */
public record PluginQuote(@Nullable Long subtotalCents, @Nullable Long discountCents, @Nullable Long totalCents,
		@Nullable String error) {

	static final String EXPECTED = "{\"subtotalCents\":<cents>,\"discountCents\":<cents>,\"totalCents\":<cents>} "
			+ "or {\"error\":\"<reason>\"}";

	/**
	 * Return this answer once it is known to be a quote.
	 * @param plugin the plugin that answered, for messages
	 * @return this answer, with every amount present
	 * @throws OrderRejectedException if the plugin refused the order
	 * @throws PluginAnswerException if the answer lacks an amount
	 */
	PluginQuote checked(String plugin) {
		if (this.error != null) {
			throw new OrderRejectedException(plugin, this.error);
		}
		if (this.subtotalCents == null || this.discountCents == null || this.totalCents == null) {
			throw new PluginAnswerException(plugin, "WASM module '" + plugin + "' export 'quote' answered " + this
					+ ", which is not a quote. A pricing plugin answers " + EXPECTED + "; fix the plugin.");
		}
		return this;
	}

}
