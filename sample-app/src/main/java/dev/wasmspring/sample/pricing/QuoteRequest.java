package dev.wasmspring.sample.pricing;

import org.jspecify.annotations.Nullable;

/**
 * An order to price: the body of {@code POST /quotes}. Business rules (valid SKUs, ranges) are the plugin's to
 * check; the service only checks that the order can be handed to it. Immutable.
 *
 * @param sku the stock-keeping unit
 * @param quantity how many
 * @param unitCents the price of one unit, in cents
 */
public record QuoteRequest(@Nullable String sku, @Nullable Long quantity, @Nullable Long unitCents) {

}
