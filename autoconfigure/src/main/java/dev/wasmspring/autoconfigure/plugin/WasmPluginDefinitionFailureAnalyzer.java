package dev.wasmspring.autoconfigure.plugin;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.wasmspring.plugin.WasmPluginDefinitionException;

/**
 * Explains a {@code @WasmPlugin} interface that does not fit its module at startup.
 */
final class WasmPluginDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<WasmPluginDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WasmPluginDefinitionException cause) {
		StringBuilder description = new StringBuilder("WASM plugin interface ")
			.append(cause.getPluginInterface().getName());
		if (cause.getMethod() != null) {
			description.append(", method ").append(cause.getMethod());
		}
		description.append(", module '").append(cause.getModuleName()).append("'");
		if (cause.getExportName() != null) {
			description.append(", export '").append(cause.getExportName()).append("'");
		}
		description.append(":\n\n").append(cause.getMessage());
		String action = (cause.getExportName() != null)
				? "Make method " + cause.getMethod() + " of " + cause.getPluginInterface().getSimpleName()
						+ " match export '" + cause.getExportName() + "' of module '" + cause.getModuleName()
						+ "' as described above (docs/plugins.md lists the type mappings)."
				: "Configure module '" + cause.getModuleName() + "' under wasm.modules, or bind "
						+ cause.getPluginInterface().getSimpleName() + " to a configured module.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

}
