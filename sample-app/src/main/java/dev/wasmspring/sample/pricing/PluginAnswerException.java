package dev.wasmspring.sample.pricing;

/**
 * Thrown when a pricing plugin answers something that is not a quote; the plugin breaks its contract, so the
 * request is answered with 502.
 */
public class PluginAnswerException extends RuntimeException {

	private final String plugin;

	public PluginAnswerException(String plugin, String message) {
		super(message);
		this.plugin = plugin;
	}

	public String getPlugin() {
		return this.plugin;
	}

}
