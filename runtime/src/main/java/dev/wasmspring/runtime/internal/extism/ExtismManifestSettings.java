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

package dev.wasmspring.runtime.internal.extism;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wasmspring.runtime.extism.ExtismConfig;
import dev.wasmspring.runtime.extism.WasmAbi;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.jspecify.annotations.Nullable;

/**
 * Applies what an Extism manifest gives its plugin to the module's definition. The
 * manifest states the plugin's needs, the application its limits: config and allowed
 * hosts and paths are merged (the application's config value and directory win for the
 * same key), limits take the smaller of the two where both are set, and the manifest's
 * value where only it sets one.
 */
public final class ExtismManifestSettings {

	private ExtismManifestSettings() {
	}

	/**
	 * Return the module's definition with the manifest's settings applied.
	 * @param definition the module's definition, from the application
	 * @param manifest the manifest read from its location
	 * @return the effective definition
	 */
	public static WasmModuleDefinition apply(WasmModuleDefinition definition, ExtismManifest manifest) {
		ExtismConfig own = definition.extism();
		Map<String, String> config = new LinkedHashMap<>(manifest.config());
		config.putAll(own.config());
		List<String> hosts = new ArrayList<>(own.allowedHosts());
		if (manifest.allowedHosts() != null) {
			manifest.allowedHosts().stream().filter((host) -> !hosts.contains(host)).forEach(hosts::add);
		}
		ExtismConfig extism = own.withConfig(config)
			.withAllowedHosts(hosts)
			.withMaxPages(smaller(own.maxPages(), manifest.maxPages()))
			.withMaxVarBytes(smaller(own.maxVarBytes(), manifest.maxVarBytes()))
			.withMaxHttpResponseBytes(smaller(own.maxHttpResponseBytes(), manifest.maxHttpResponseBytes()))
			.withHttpResponseHeaders(own.httpResponseHeaders() || Boolean.TRUE.equals(manifest.httpResponseHeaders()));
		WasmModuleDefinition applied = definition.withExtism(extism);
		if (definition.abi() == WasmAbi.AUTO) {
			applied = applied.withAbi(WasmAbi.EXTISM);
		}
		if (manifest.timeoutMs() != null) {
			Duration timeout = Duration.ofMillis(manifest.timeoutMs());
			Duration ownTimeout = definition.timeout();
			applied = applied
				.withTimeout((ownTimeout == null || timeout.compareTo(ownTimeout) < 0) ? timeout : ownTimeout);
		}
		if (!manifest.allowedPaths().isEmpty()) {
			applied = applied.withWasi(withPaths(definition.wasi(), manifest.allowedPaths()));
		}
		return applied;
	}

	/**
	 * Extism's {@code allowed_paths}: host path (read-only with the prefix {@code ro:})
	 * to guest path.
	 */
	private static WasiConfig withPaths(WasiConfig wasi, Map<String, String> allowedPaths) {
		Map<String, WasiConfig.Directory> directories = new LinkedHashMap<>();
		allowedPaths.forEach((host, guest) -> {
			boolean readOnly = host.startsWith("ro:");
			directories.put(guest, new WasiConfig.Directory(Path.of(readOnly ? host.substring(3) : host), readOnly));
		});
		directories.putAll(wasi.directories());
		return wasi.withDirectories(directories);
	}

	private static <T extends Comparable<T>> @Nullable T smaller(@Nullable T own, @Nullable T manifest) {
		if (own == null) {
			return manifest;
		}
		return (manifest == null || own.compareTo(manifest) <= 0) ? own : manifest;
	}

}
