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

import dev.wasmspring.host.WasmImportBindingException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@code @WasmImport} method that could not be bound as a host function at
 * startup.
 */
final class WasmImportBindingFailureAnalyzer extends AbstractFailureAnalyzer<WasmImportBindingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WasmImportBindingException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Change " + cause.getMethod()
						+ " so that its parameters and result have the supported types listed above (see "
						+ "docs/host-functions.md), or remove @WasmImport from it.",
				cause);
	}

}
