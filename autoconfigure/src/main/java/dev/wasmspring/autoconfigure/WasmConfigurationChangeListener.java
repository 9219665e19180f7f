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

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Redefines the modules whose {@code wasm.modules.<name>.*} properties changed at run
 * time, as Spring Cloud reports them with an {@link EnvironmentChangeEvent} (after
 * {@code /actuator/refresh}, a Spring Cloud Bus event, or a Kubernetes ConfigMap reload).
 * Each changed module is read from its new location, checked against its new pin,
 * compiled and swapped in; a module that fails keeps serving its previous version. Names
 * new to the configuration are defined in the runtime but get no injectable beans.
 * <p>
 * Thread-safe: redefinitions go through the {@link WasmModuleLoader}, which serializes
 * them.
 */
final class WasmConfigurationChangeListener implements ApplicationListener<EnvironmentChangeEvent> {

	private static final Log logger = LogFactory.getLog(WasmConfigurationChangeListener.class);

	private static final String PREFIX = "wasm.modules.";

	private final WasmModuleLoader loader;

	private final Environment environment;

	WasmConfigurationChangeListener(WasmModuleLoader loader, Environment environment) {
		this.loader = loader;
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(EnvironmentChangeEvent event) {
		Set<String> changed = new TreeSet<>();
		for (String key : event.getKeys()) {
			String name = moduleName(key);
			if (name != null) {
				changed.add(name);
			}
		}
		if (changed.isEmpty()) {
			return;
		}
		// bound from the environment itself, so the order of this listener and the
		// rebinding of
		// @ConfigurationProperties beans does not matter
		Map<String, WasmProperties.Module> modules = Binder.get(this.environment)
			.bind("wasm.modules", Bindable.mapOf(String.class, WasmProperties.Module.class))
			.orElse(Map.of());
		for (String name : changed) {
			WasmProperties.Module module = modules.get(name);
			if (module == null) {
				logger.warn("WASM module '" + name + "' was removed from the configuration; it keeps serving "
						+ "until the application restarts");
				continue;
			}
			WasmReloadOutcome outcome = this.loader.redefine(name, module);
			logger.info("WASM module '" + name + "' redefined after a configuration change: " + outcome.result()
					+ ((outcome.failure() != null) ? " (" + outcome.failure() + ")" : ""));
		}
	}

	/**
	 * The module a key belongs to: {@code wasm.modules.pricing.location} and
	 * {@code wasm.modules[pricing].x}.
	 */
	static @Nullable String moduleName(String key) {
		String name = null;
		if (key.startsWith(PREFIX)) {
			String rest = key.substring(PREFIX.length());
			int dot = rest.indexOf('.');
			name = (dot > 0) ? rest.substring(0, dot) : null;
		}
		else if (key.startsWith("wasm.modules[")) {
			int end = key.indexOf(']');
			name = (end > 13) ? key.substring(13, end) : null;
		}
		return Objects.requireNonNullElse(name, "").isEmpty() ? null : name;
	}

}
