package dev.wasmspring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.wasmspring.host.WasmImportBindingException;

/**
 * Explains a {@code @WasmImport} method that could not be bound as a host function at startup.
 */
final class WasmImportBindingFailureAnalyzer extends AbstractFailureAnalyzer<WasmImportBindingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WasmImportBindingException cause) {
		return new FailureAnalysis(cause.getMessage(), "Change " + cause.getMethod()
				+ " so that its parameters and result have the supported types listed above (see "
				+ "docs/host-functions.md), or remove @WasmImport from it.", cause);
	}

}
