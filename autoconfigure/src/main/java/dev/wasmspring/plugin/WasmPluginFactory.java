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

/**
 * Makes implementations of {@link WasmPlugin @WasmPlugin} interfaces. The
 * auto-configuration provides one as a bean; it is what the registered plugin beans are
 * made with, and an application uses it directly to bind an interface to a module chosen
 * at run time (one implementation per tenant, for example). Thread-safe; the
 * implementations it returns are too, and hold no resources of their own.
 */
public interface WasmPluginFactory {

	/**
	 * Return an implementation of a plugin interface that calls the module its
	 * {@code @WasmPlugin} names.
	 * @param <T> the interface
	 * @param type the interface
	 * @return the implementation
	 * @throws WasmPluginDefinitionException if a method cannot be mapped to an export of
	 * the module
	 */
	<T> T create(Class<T> type);

	/**
	 * Return an implementation of a plugin interface that calls another module of the
	 * same shape.
	 * @param <T> the interface
	 * @param type the interface
	 * @param moduleName the module, as configured under {@code wasm.modules}
	 * @return the implementation
	 * @throws WasmPluginDefinitionException if a method cannot be mapped to an export of
	 * the module
	 */
	<T> T create(Class<T> type, String moduleName);

}
