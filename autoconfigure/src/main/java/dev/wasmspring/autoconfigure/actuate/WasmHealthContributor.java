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

package dev.wasmspring.autoconfigure.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.wasmspring.autoconfigure.WasmModuleLoader;
import dev.wasmspring.autoconfigure.WasmModuleStatus;
import dev.wasmspring.autoconfigure.WasmReloadOutcome;
import dev.wasmspring.runtime.WasmRuntime;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code wasm} health contributor: one component per configured module, with its
 * digest, engine, limits, when it was loaded, whether it is loaded now and its last
 * reload's outcome; a module loaded on first use ({@code lazy: true}) says whether it is
 * loaded yet, and reporting never loads one. A module is {@code UP} while it serves; a
 * module whose last reload failed still serves its previous version, says so, and reports
 * the configured status ({@code wasm.health.reload-failure-status}, {@code UP} unless
 * set).
 * <p>
 * Thread-safe; reads the loader's current statuses on every call.
 */
public final class WasmHealthContributor implements CompositeHealthContributor {

	private final WasmModuleLoader loader;

	private final Status reloadFailureStatus;

	/**
	 * Create a contributor.
	 * @param loader the loader whose modules are reported
	 * @param reloadFailureStatus the status of a module whose last reload failed
	 */
	public WasmHealthContributor(WasmModuleLoader loader, Status reloadFailureStatus) {
		this.loader = loader;
		this.reloadFailureStatus = reloadFailureStatus;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return (this.loader.status(name).isPresent() || this.loader.lazyModules().contains(name)) ? indicator(name)
				: null;
	}

	@Override
	public Stream<Entry> stream() {
		Set<String> names = new TreeSet<>(this.loader.statuses().keySet());
		names.addAll(this.loader.lazyModules());
		return names.stream().map((name) -> new Entry(name, indicator(name)));
	}

	private HealthIndicator indicator(String name) {
		return () -> this.loader.status(name).map(this::health).orElseGet(() -> lazy(name));
	}

	/** A module loaded on its first use that has not been reloaded: it has no status. */
	private Health lazy(String name) {
		WasmRuntime runtime = this.loader.runtime();
		if (!runtime.hasModule(name)) {
			return Health.unknown().build();
		}
		return Health.up()
			.withDetail("lazy", true)
			.withDetail("loaded", runtime.isLoaded(name))
			.withDetail("engine", runtime.engine().name().toLowerCase(java.util.Locale.ROOT))
			.build();
	}

	private Health health(WasmModuleStatus status) {
		WasmRuntime runtime = this.loader.runtime();
		Health.Builder health = Health.status(status.reloadFailed() ? this.reloadFailureStatus : Status.UP)
			.withDetail("digest", status.digest())
			.withDetail("size", status.size())
			.withDetail("engine", runtime.engine().name().toLowerCase(java.util.Locale.ROOT))
			.withDetail("loadedAt", status.loadedAt().toString())
			.withDetail("loaded", runtime.isLoaded(status.name()));
		// a module unloaded to stay within wasm.max-loaded-modules is not loaded again
		// to report its limits
		if (runtime.isLoaded(status.name())) {
			Duration timeout = runtime.timeout(status.name());
			health.withDetail("timeout", timeout.isZero() ? "none" : timeout.toString());
			health.withDetail("maxMemoryBytes", runtime.maxMemoryBytes(status.name()));
		}
		WasmReloadOutcome reload = status.lastReload();
		if (reload != null) {
			health.withDetail("lastReload", describe(reload));
		}
		if (status.reloadFailed()) {
			health.withDetail("serving", "previous version: the last reload failed");
		}
		return health.build();
	}

	static Map<String, Object> describe(WasmReloadOutcome reload) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("result", reload.result().name());
		details.put("at", reload.at().toString());
		if (reload.digest() != null) {
			details.put("digest", reload.digest());
		}
		if (reload.failure() != null) {
			details.put("failure", reload.failure());
		}
		return details;
	}

}
