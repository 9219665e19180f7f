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

package dev.wasmspring.autoconfigure.plugin;

import dev.wasmspring.plugin.WasmPluginDefinitionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

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
