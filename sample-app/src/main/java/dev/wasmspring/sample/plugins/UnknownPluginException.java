package dev.wasmspring.sample.plugins;

import java.util.Set;

/**
 * Thrown when a request names a plugin that is not loaded; answered with 404.
 */
public class UnknownPluginException extends RuntimeException {

	private final String plugin;

	public UnknownPluginException(String plugin, Set<String> loaded) {
		super("There is no plugin '" + plugin + "'. The plugins are " + loaded
				+ "; only those can be replaced. New plugins are added under wasm.modules, with a restart.");
		this.plugin = plugin;
	}

	public String getPlugin() {
		return this.plugin;
	}

}
