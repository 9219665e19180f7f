package dev.wasmspring.sample.pricing;

import dev.wasmspring.plugin.WasmPlugin;

/**
 * What the service asks of a pricing plugin. The standard rules are module {@code pricing}, and this bean calls
 * it; a tenant whose own plugin has the same shape gets an implementation bound to that module from
 * {@link dev.wasmspring.plugin.WasmPluginFactory}. During a request each call uses the request's own instance
 * of the module. Thread-safe.
 */
@WasmPlugin("pricing")
public interface PricingPlugin {

	/**
	 * Price an order. The order goes to the plugin as JSON, and its answer is read from JSON.
	 * @param order the order
	 * @return the plugin's answer: the amounts, or the reason it refuses the order
	 */
	PluginQuote quote(PluginOrder order);

}
