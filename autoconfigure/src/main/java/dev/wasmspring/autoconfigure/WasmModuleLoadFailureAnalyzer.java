package dev.wasmspring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.wasmspring.runtime.WasmModuleLoadException;

/**
 * Explains a module that could not be loaded at startup.
 */
final class WasmModuleLoadFailureAnalyzer extends AbstractFailureAnalyzer<WasmModuleLoadException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WasmModuleLoadException cause) {
		String module = cause.getModuleName();
		String description = cause.getMessage();
		String action = cause.getReason().action().substring(0, 1).toUpperCase()
				+ cause.getReason().action().substring(1) + ". The module is configured under wasm.modules." + module
				+ " (location: " + cause.getLocation() + ").";
		return new FailureAnalysis(description, action, cause);
	}

}
