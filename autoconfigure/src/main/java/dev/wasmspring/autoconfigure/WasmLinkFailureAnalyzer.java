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

import dev.wasmspring.runtime.exception.WasmLinkException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a module whose imports could not be linked at startup.
 */
final class WasmLinkFailureAnalyzer extends AbstractFailureAnalyzer<WasmLinkException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WasmLinkException cause) {
		String action = switch (cause.getReason()) {
			case MISSING -> "Provide " + cause.getImportName()
					+ " with a @WasmImport method on a Spring bean, with the signature shown above.";
			case SIGNATURE_MISMATCH -> "Change the host method's parameters and result to match what the module "
					+ "expects, or rebuild the module.";
			case DUPLICATE -> "Keep one host function for " + cause.getImportName()
					+ ", or rename the others with @WasmImport(name = ...).";
			case NOT_ALLOWED -> "Allow the import for module '" + cause.getModuleName()
					+ "' in its configuration (wasm.modules." + cause.getModuleName()
					+ ".allowed-imports or .wasi.enabled), or rebuild the module without it.";
			case UNSUPPORTED_KIND -> "Rebuild the module so that it defines its own memory, tables and globals.";
			case MISSING_EXPORT -> "Export the function named above from module '" + cause.getModuleName()
					+ "' (for text and bytes results, an allocator alloc(i32) -> i32), or change the host method "
					+ "so that it does not need it.";
		};
		if (!cause.getCandidates().isEmpty()) {
			action += " Host functions that came close: " + String.join(", ", cause.getCandidates()) + ".";
		}
		return new FailureAnalysis(cause.getMessage(), action, cause);
	}

}
