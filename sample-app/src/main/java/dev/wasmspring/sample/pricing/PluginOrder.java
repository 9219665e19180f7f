package dev.wasmspring.sample.pricing;

/**
 * An order as a pricing plugin reads it: {@code {"sku":"BOOK-1","quantity":3,"unitCents":1299}}. Immutable.
 *
 * @param sku the stock-keeping unit
 * @param quantity how many
 * @param unitCents the price of one unit, in cents
 */
public record PluginOrder(String sku, long quantity, long unitCents) {

}
