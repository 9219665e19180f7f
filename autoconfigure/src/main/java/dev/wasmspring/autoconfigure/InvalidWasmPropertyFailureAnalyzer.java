package dev.wasmspring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@code wasm.*} property whose value is out of range or whose key is not a setting: which
 * property, which value, and what it accepts.
 */
final class InvalidWasmPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidWasmPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidWasmPropertyException cause) {
		String action = (cause.getValue() != null)
				? "Set " + cause.getProperty() + " to a value it accepts: " + cause.getAccepted()
				: "Remove " + cause.getProperty() + " or correct its name. " + cause.getAccepted();
		return new FailureAnalysis(cause.getMessage(), action, cause);
	}

}
