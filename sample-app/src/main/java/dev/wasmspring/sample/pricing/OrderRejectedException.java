package dev.wasmspring.sample.pricing;

/**
 * Thrown when a pricing plugin refuses an order ({@code {"error":"<reason>"}}); answered with 422.
 */
public class OrderRejectedException extends RuntimeException {

	private final String plugin;

	private final String reason;

	public OrderRejectedException(String plugin, String reason) {
		super("Plugin '" + plugin + "' rejected the order: " + reason);
		this.plugin = plugin;
		this.reason = reason;
	}

	public String getPlugin() {
		return this.plugin;
	}

	public String getReason() {
		return this.reason;
	}

}
