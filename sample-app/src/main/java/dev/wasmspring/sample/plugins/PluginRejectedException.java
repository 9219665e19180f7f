package dev.wasmspring.sample.plugins;

/**
 * Thrown when a plugin cannot be used where it was asked for: an upload that is not a module or lacks the
 * exports the service calls, or tenant rules that name a module that is not a pricing plugin. Answered with
 * 422; nothing changes.
 */
public class PluginRejectedException extends RuntimeException {

	private final String plugin;

	public PluginRejectedException(String plugin, String message) {
		super(message);
		this.plugin = plugin;
	}

	public String getPlugin() {
		return this.plugin;
	}

}
