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
 * @param discountPercent the discount the service gave the plugin when it asked, or {@code null} if it did
 * not ask
 * @param discountCents the discount, as computed by the plugin
 * @param totalCents what the customer pays, as computed by the plugin
 */
public record Quote(String tenant, String plugin, String sku, long quantity, long unitCents, long subtotalCents,
		@Nullable Integer discountPercent, long discountCents, long totalCents) {

}
