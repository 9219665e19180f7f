package dev.wasmspring.sample.pricing;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import dev.wasmspring.autoconfigure.WasmInstances;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.sample.tenant.TenantRules;
import dev.wasmspring.sample.tenant.Tenants;
import dev.wasmspring.sample.web.InvalidRequestException;

/**
 * Prices orders with the plugin the tenant's rules name. Each HTTP request uses its own instance of that
 * plugin, created on first use and closed by {@link WasmInstances} when the request ends; the service
 * itself holds no per-request state, so one bean serves every request.
 */
@Service
public class QuoteService {

	/** Request attribute where {@link PricingHostFunctions} records the discount it gave the plugin. */
	static final String APPLIED_DISCOUNT_ATTRIBUTE = QuoteService.class.getName() + ".appliedDiscountPercent";

	private final Tenants tenants;

	private final WasmInstances plugins;

	public QuoteService(Tenants tenants, WasmInstances plugins) {
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
		if (sku.indexOf(';') >= 0 || sku.indexOf('=') >= 0) {
			throw new InvalidRequestException("sku must not contain ';' or '=', which separate the fields a "
					+ "pricing plugin reads");
		}
		WasmInstance plugin = this.plugins.current(rules.plugin());
		String answer = plugin.callText("quote", "sku=" + sku + ";qty=" + quantity + ";unit_cents=" + unitCents);
		PluginAnswer fields = PluginAnswer.parse(rules.plugin(), answer);
		return new Quote(tenant, rules.plugin(), sku, quantity, unitCents, fields.cents("subtotal"),
				appliedDiscountPercent(), fields.cents("discount"), fields.cents("total"));
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
