/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wasmspring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@code wasm.*} property whose value is out of range or whose key is not a
 * setting: which property, which value, and what it accepts.
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
