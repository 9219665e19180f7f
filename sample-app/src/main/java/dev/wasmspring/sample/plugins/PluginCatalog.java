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

package dev.wasmspring.sample.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.statistics.WasmRuntimeStatistics;

import org.springframework.stereotype.Component;

/**
 * The loaded plugins: what they are, and replacing one with new bytes while the service
 * runs. Thread-safe: the runtime swaps a replaced module atomically, and requests already
 * running finish on the bytes they started with. The compiled-module handles it opens to
 * inspect exports are closed before it returns.
 */
@Component
public class PluginCatalog {

	private static final WasmFunctionType TEXT_TO_TEXT = WasmFunctionType
		.of(List.of(WasmValueType.I32, WasmValueType.I32), List.of(WasmValueType.I64));

	/** The exports the service calls, with the signatures it calls them with. */
	private static final Map<String, WasmFunctionType> CALLED_EXPORTS = Map.of("alloc",
			WasmFunctionType.of(List.of(WasmValueType.I32), List.of(WasmValueType.I32)), "quote", TEXT_TO_TEXT,
			"slugify", TEXT_TO_TEXT);

	private final WasmRuntime runtime;

	public PluginCatalog(WasmRuntime runtime) {
		this.runtime = runtime;
	}

	/**
	 * List the loaded plugins.
	 * @return the plugins and the runtime's instance counters
	 */
	public PluginList plugins() {
		WasmRuntimeStatistics statistics = this.runtime.statistics();
		List<PluginInfo> plugins = new ArrayList<>();
		statistics.modules()
			.forEach((name,
					digest) -> plugins.add(new PluginInfo(name, digest, this.runtime.timeout(name).toMillis(),
							this.runtime.definition(name).fuel(), this.runtime.maxMemoryBytes(name),
							signatures(exports(name)))));
		return new PluginList(plugins, statistics.instancesCreated(), statistics.liveInstances());
	}

	/**
	 * Replace a plugin's bytes, keeping its configuration (timeout, memory limit, WASI
	 * sandbox, allowed imports). The new bytes must export, with the same signatures,
	 * every function the service calls on the current ones.
	 * @param name the module name
	 * @param bytes the new module
	 * @return the old and new digests
	 * @throws UnknownPluginException if there is no such plugin
	 * @throws PluginRejectedException if the bytes are not a module or lack an export the
	 * service calls
	 * @throws dev.wasmspring.runtime.exception.WasmLinkException if the module's imports
	 * cannot be satisfied
	 */
	public PluginReplacement replace(String name, byte[] bytes) {
		if (!this.runtime.hasModule(name)) {
			throw new UnknownPluginException(name, this.runtime.moduleNames());
		}
		WasmModuleDefinition current = this.runtime.definition(name);
		String previousDigest = this.runtime.statistics().modules().get(name);
		Map<String, WasmFunctionType> currentExports = exports(name);
		// compiled once here; define() below finds it in the compilation cache while this
		// handle is open
		try (CompiledModule candidate = compile(name, bytes)) {
			CALLED_EXPORTS.forEach((export, type) -> {
				if (type.equals(currentExports.get(export)) && !type.equals(candidate.exports().get(export))) {
					throw new PluginRejectedException(name,
							"The new module for plugin '" + name + "' does not export " + export + type
									+ ", which the service calls on this plugin. It exports "
									+ signatures(candidate.exports()) + ". Nothing was replaced.");
				}
			});
			// every setting kept but the digest pin, which belonged to the old bytes
			this.runtime
				.define(current.withSource(ModuleSource.of("upload to /plugins/" + name, bytes)).withSha256(null));
			return new PluginReplacement(name, candidate.digest(), previousDigest);
		}
	}

	/**
	 * Check that a module exists and can price orders.
	 * @param name the module name
	 * @throws PluginRejectedException if it cannot
	 */
	public void checkPricingPlugin(String name) {
		if (!this.runtime.hasModule(name)) {
			throw new PluginRejectedException(name,
					"There is no plugin '" + name + "'. The plugins are " + this.runtime.moduleNames() + ".");
		}
		if (!TEXT_TO_TEXT.equals(exports(name).get("quote"))) {
			throw new PluginRejectedException(name,
					"Plugin '" + name + "' cannot price orders: it does not export quote" + TEXT_TO_TEXT + ".");
		}
	}

	private CompiledModule compile(String name, byte[] bytes) {
		try {
			return this.runtime.compile(bytes);
		}
		catch (WasmModuleLoadException ex) {
			throw new PluginRejectedException(name, "The new module for plugin '" + name + "' "
					+ ex.getReason().problem() + ". Upload a compiled .wasm file. Nothing was replaced.");
		}
	}

	private Map<String, WasmFunctionType> exports(String name) {
		try (CompiledModule module = this.runtime.module(name)) {
			return module.exports();
		}
	}

	private static Map<String, String> signatures(Map<String, WasmFunctionType> exports) {
		Map<String, String> signatures = new TreeMap<>();
		exports.forEach((export, type) -> signatures.put(export, type.toString()));
		return signatures;
	}

}
