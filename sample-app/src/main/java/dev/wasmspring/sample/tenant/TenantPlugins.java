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

package dev.wasmspring.sample.tenant;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.module.WasmModuleResolver;
import dev.wasmspring.runtime.source.ModuleSource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Tenants' own pricing plugins, one file per tenant in the directory
 * {@code pricing.tenant-plugins}: the tenant {@code acme-7} is priced by
 * {@code acme-7.wasm}, as module {@code tenant-acme-7}. The runtime asks this resolver
 * for a module the first time a request names it, so a service with thousands of tenants
 * compiles only the plugins that are used, and with {@code wasm.max-loaded-modules} holds
 * only the most recently used ones. Each plugin runs in the sandbox of module
 * {@code pricing}: its WASI settings, allowed imports, fuel budget, timeout and memory
 * limit. Thread-safe and stateless: the runtime calls it from request threads, once per
 * module load.
 */
@Component
public class TenantPlugins implements WasmModuleResolver {

	/** The prefix of a tenant plugin's module name. */
	static final String MODULE_PREFIX = "tenant-";

	/** The module whose settings every tenant plugin gets. */
	static final String TEMPLATE = "pricing";

	private final @Nullable Path directory;

	private final ObjectProvider<WasmRuntime> runtime;

	public TenantPlugins(TenantProperties properties, ObjectProvider<WasmRuntime> runtime) {
		this.directory = properties.getTenantPlugins();
		this.runtime = runtime;
	}

	/**
	 * Return the module name of a tenant's own plugin, if the directory has one.
	 * @param tenant a well-formed tenant name
	 * @return the module name, or {@code null} if the tenant has no plugin file
	 */
	public @Nullable String moduleOf(String tenant) {
		return (file(tenant) != null) ? MODULE_PREFIX + tenant : null;
	}

	@Override
	public @Nullable WasmModuleDefinition resolve(String name) {
		if (!name.startsWith(MODULE_PREFIX)) {
			return null;
		}
		Path file = file(name.substring(MODULE_PREFIX.length()));
		if (file == null) {
			return null;
		}
		WasmModuleDefinition template = this.runtime.getObject().definition(TEMPLATE);
		return WasmModuleDefinition.of(name, ModuleSource.of(file))
			.withWasi(template.wasi())
			.withAllowedImportModules(template.allowedImportModules())
			.withTimeout(template.timeout())
			.withFuel(template.fuel())
			.withMaxMemory(template.maxMemoryBytes());
	}

	private @Nullable Path file(String tenant) {
		if (this.directory == null || !Tenants.isWellFormed(tenant)) {
			return null;
		}
		Path file = this.directory.resolve(tenant + ".wasm");
		return Files.isRegularFile(file) ? file : null;
	}

}
