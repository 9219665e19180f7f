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

package dev.wasmspring.plugin;

import org.jspecify.annotations.Nullable;

/**
 * A {@link WasmPlugin @WasmPlugin} interface that does not fit its module: a method whose
 * export is missing or has another signature, a parameter or result type that cannot be
 * mapped, or a module that is not configured. Thrown at startup for the interfaces
 * registered as beans.
 */
public class WasmPluginDefinitionException extends RuntimeException {

	private final Class<?> pluginInterface;

	private final @Nullable String method;

	private final String moduleName;

	private final @Nullable String exportName;

	/**
	 * Create an exception.
	 * @param pluginInterface the interface
	 * @param method the method, as {@code name(ParameterTypes)}, or {@code null} if the
	 * problem is the interface's
	 * @param moduleName the module
	 * @param exportName the export, or {@code null} if the problem is not an export's
	 * @param message the message, which says what to do
	 */
	public WasmPluginDefinitionException(Class<?> pluginInterface, @Nullable String method, String moduleName,
			@Nullable String exportName, String message) {
		super(message);
		this.pluginInterface = pluginInterface;
		this.method = method;
		this.moduleName = moduleName;
		this.exportName = exportName;
	}

	/**
	 * Return the plugin interface.
	 * @return the interface
	 */
	public Class<?> getPluginInterface() {
		return this.pluginInterface;
	}

	/**
	 * Return the method, as {@code name(ParameterTypes)}.
	 * @return the method, or {@code null} if the problem is the interface's
	 */
	public @Nullable String getMethod() {
		return this.method;
	}

	/**
	 * Return the module the interface was bound to.
	 * @return the module name
	 */
	public String getModuleName() {
		return this.moduleName;
	}

	/**
	 * Return the export the method calls.
	 * @return the export, or {@code null} if the problem is not an export's
	 */
	public @Nullable String getExportName() {
		return this.exportName;
	}

}
