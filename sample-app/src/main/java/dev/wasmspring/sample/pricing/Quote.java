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
 * A priced order: the answer of {@code POST /quotes}. Immutable.
 *
 * @param tenant the tenant the order was priced for
 * @param plugin the WASM module that priced it
 * @param sku the stock-keeping unit
 * @param quantity how many
 * @param unitCents the price of one unit, in cents
 * @param subtotalCents quantity times unit price, as computed by the plugin
 * @param discountPercent the discount the service gave the plugin when it asked, or
 * {@code null} if it did not ask
 * @param discountCents the discount, as computed by the plugin
 * @param totalCents what the customer pays, as computed by the plugin
 */
public record Quote(String tenant, String plugin, String sku, long quantity, long unitCents, long subtotalCents,
		@Nullable Integer discountPercent, long discountCents, long totalCents) {

}
