package dev.wasmspring.sample.pricing;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.wasmspring.autoconfigure.WasmRequestInstances;
import dev.wasmspring.host.WasmImport;
import dev.wasmspring.runtime.WasmCallContext;
import dev.wasmspring.sample.tenant.Tenants;

/**
 * The host functions pricing plugins import from module {@code pricing}. One bean serves every plugin instance
 * on every thread: it keeps no state of its own and finds the request it works for in the calling
 * instance's {@link WasmCallContext}.
 */
@Component
public class PricingHostFunctions {

	private static final Logger logger = LoggerFactory.getLogger(PricingHostFunctions.class);

	private final Tenants tenants;

	public PricingHostFunctions(Tenants tenants) {
		this.tenants = tenants;
	}

	/**
	 * Answer the discount of the current request's tenant for a SKU.
	 * @param context the calling instance's context
	 * @param sku the SKU the plugin is pricing
	 * @return the discount in percent, 0 to 100
	 */
	@WasmImport(module = "pricing", name = "discount_percent")
	public int discountPercent(WasmCallContext context, String sku) {
		HttpServletRequest request = request(context);
		int percent = this.tenants.rules(tenant(request)).discountPercent(sku);
		request.setAttribute(QuoteService.APPLIED_DISCOUNT_ATTRIBUTE, percent);
		return percent;
	}

	/**
	 * Log a message of the plugin, with the tenant it works for.
	 * @param context the calling instance's context
	 * @param message the message
	 */
	@WasmImport(module = "pricing", name = "log")
	public void log(WasmCallContext context, String message) {
		logger.info("{} [tenant {}]: {}", context.moduleName(), tenant(request(context)), message);
	}

	private static HttpServletRequest request(WasmCallContext context) {
		HttpServletRequest request = context.attribute(WasmRequestInstances.REQUEST_ATTRIBUTE,
				HttpServletRequest.class);
		if (request == null) {
			throw new IllegalStateException("WASM module '" + context.moduleName() + "' called a pricing host "
					+ "function outside an HTTP request; create its instances with WasmRequestInstances");
		}
		return request;
	}

	private static String tenant(HttpServletRequest request) {
		String tenant = request.getHeader(Tenants.HEADER);
		if (tenant == null) {
			throw new IllegalStateException("The request has no " + Tenants.HEADER + " header");
		}
		return tenant;
	}

}
