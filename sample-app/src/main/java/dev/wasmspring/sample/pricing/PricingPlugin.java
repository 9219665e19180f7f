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

import dev.wasmspring.plugin.WasmPlugin;

/**
 * What the service asks of a pricing plugin. The standard rules are module
 * {@code pricing}, and this bean calls it; a tenant whose own plugin has the same shape
 * gets an implementation bound to that module from
 * {@link dev.wasmspring.plugin.WasmPluginFactory}. During a request each call uses the
 * request's own instance of the module. Thread-safe.
 */
@WasmPlugin("pricing")
public interface PricingPlugin {

	/**
	 * Price an order. The order goes to the plugin as JSON, and its answer is read from
	 * JSON.
	 * @param order the order
	 * @return the plugin's answer: the amounts, or the reason it refuses the order
	 */
	PluginQuote quote(PluginOrder order);

}
