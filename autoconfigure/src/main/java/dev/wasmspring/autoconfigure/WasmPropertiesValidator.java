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

import java.beans.PropertyDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * Checks the bound {@code wasm.*} properties before anything is built from them:
 * durations and sizes within their ranges, digests that are digests, and no key under
 * {@code wasm.} that is not a setting (a typo such as {@code wasm.reload.enable} would
 * otherwise leave the setting at its default without a word). Each problem fails startup
 * with an {@link InvalidWasmPropertyException}.
 */
final class WasmPropertiesValidator {

	/**
	 * The longest timeout the runtime can time: {@code Long.MAX_VALUE} nanoseconds, about
	 * 292 years.
	 */
	static final Duration MAX_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE);

	static final DataSize MIN_MEMORY = DataSize.ofKilobytes(64);

	static final DataSize MAX_MEMORY = DataSize.ofGigabytes(4);

	private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

	private static final ConfigurationPropertyName WASM = ConfigurationPropertyName.of("wasm");

	private static final ConfigurationPropertyName MODULES = ConfigurationPropertyName.of("wasm.modules");

	private WasmPropertiesValidator() {
	}

	static void validate(WasmProperties properties, Environment environment) {
		timeout("wasm.timeout", properties.getTimeout(), environment);
		maxMemory("wasm.max-memory", properties.getMaxMemory(), environment);
		timeout("wasm.compile-timeout", properties.getCompileTimeout(), environment);
		tableElements("wasm.max-table-elements", properties.getMaxTableElements(), environment);
		fuel("wasm.fuel", properties.getFuel(), environment);
		if (properties.getMaxLoadedModules() < 0) {
			throw new InvalidWasmPropertyException("wasm.max-loaded-modules",
					configured(environment, "wasm.max-loaded-modules", properties.getMaxLoadedModules()),
					"a count of at least 1, or 0 for no limit.");
		}
		Integer wasiMaxOpenFiles = properties.getWasiMaxOpenFiles();
		if (wasiMaxOpenFiles != null && wasiMaxOpenFiles < 1) {
			throw new InvalidWasmPropertyException("wasm.wasi-max-open-files",
					configured(environment, "wasm.wasi-max-open-files", wasiMaxOpenFiles),
					"a count of at least 1, or unset for half of the process's open-file limit.");
		}
		if (properties.getMaxModuleSize().toBytes() <= 0) {
			throw new InvalidWasmPropertyException("wasm.max-module-size",
					configured(environment, "wasm.max-module-size", properties.getMaxModuleSize()),
					"a size of at least 1B, for example 32MB.");
		}
		properties.getModules().forEach((name, module) -> {
			String prefix = "wasm.modules." + name + ".";
			if (module.getTimeout() != null) {
				timeout(prefix + "timeout", module.getTimeout(), environment);
			}
			if (module.getMaxMemory() != null) {
				maxMemory(prefix + "max-memory", module.getMaxMemory(), environment);
			}
			String sha256 = module.getSha256();
			if (sha256 != null && !SHA256.matcher(sha256).matches()) {
				throw new InvalidWasmPropertyException(prefix + "sha256", sha256,
						"a SHA-256 digest is 64 hexadecimal digits (for example the output of 'sha256sum "
								+ "module.wasm'); this has " + sha256.length() + " characters"
								+ (sha256.chars().allMatch((c) -> Character.digit(c, 16) >= 0) ? ""
										: ", not all of them hexadecimal digits")
								+ ".");
			}
			fuel(prefix + "fuel", module.getFuel(), environment);
			fuel(prefix + "instance-fuel", module.getInstanceFuel(), environment);
			if (module.getMaxTableElements() != null) {
				tableElements(prefix + "max-table-elements", module.getMaxTableElements(), environment);
			}
			if (module.getWasi().getMaxOpenFiles() < 1) {
				throw new InvalidWasmPropertyException(prefix + "wasi.max-open-files",
						configured(environment, prefix + "wasi.max-open-files", module.getWasi().getMaxOpenFiles()),
						"a count of at least 1, for example 128.");
			}
			DataSize captureLimit = module.getWasi().getCaptureLimit();
			if (captureLimit.isNegative()) {
				throw new InvalidWasmPropertyException(prefix + "wasi.capture-limit",
						configured(environment, prefix + "wasi.capture-limit", captureLimit),
						"a size of 0 (capture nothing) or more, for example 64KB.");
			}
		});
		unknownKeys(environment);
	}

	private static void timeout(String property, Duration timeout, Environment environment) {
		if (timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
			throw new InvalidWasmPropertyException(property, configured(environment, property, timeout),
					"a duration from 0 (no limit) to " + MAX_TIMEOUT.toDays() + "d, for example 500ms or 10s.");
		}
	}

	private static void tableElements(String property, long elements, Environment environment) {
		if (elements < 0) {
			throw new InvalidWasmPropertyException(property, configured(environment, property, elements),
					"a count of 0 or more, for example 100000.");
		}
	}

	private static void fuel(String property, @Nullable Long fuel, Environment environment) {
		if (fuel != null && fuel < 0) {
			throw new InvalidWasmPropertyException(property, configured(environment, property, fuel),
					"a number of units of fuel (one per WebAssembly instruction), 0 for no budget, for example "
							+ "100000000.");
		}
	}

	private static void maxMemory(String property, DataSize size, Environment environment) {
		if (size.compareTo(MIN_MEMORY) < 0 || size.compareTo(MAX_MEMORY) > 0) {
			throw new InvalidWasmPropertyException(property, configured(environment, property, size),
					"a size from 64KB (one WebAssembly page) to 4GB (the most a 32-bit memory can address), "
							+ "for example 16MB.");
		}
	}

	private static String configured(Environment environment, String property, Object bound) {
		String raw = environment.getProperty(property);
		return (raw != null) ? raw : String.valueOf(bound);
	}

	private static void unknownKeys(Environment environment) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			// environment variables cannot tell max-memory from max.memory (both
			// MAX_MEMORY): only the binder can
			if (!(source instanceof IterableConfigurationPropertySource iterable)
					|| source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
				continue;
			}
			// JVM system properties also carry flags of build tools and agents
			// (-Dwasm.project.version): there only
			// module keys are checked
			ConfigurationPropertyName checked = isSystemProperties(source) ? MODULES : WASM;
			iterable.filter(checked::isAncestorOf).forEach((name) -> {
				String problem = unknown(WasmProperties.class, name, 1);
				if (problem != null) {
					throw new InvalidWasmPropertyException(name.toString(), null, problem);
				}
			});
		}
	}

	private static boolean isSystemProperties(ConfigurationPropertySource source) {
		return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
				&& StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(propertySource.getName());
	}

	/**
	 * Returns {@code null} if the elements of {@code name} from {@code index} on name a
	 * setting of {@code type}, or else what the settings at the first unknown element
	 * are.
	 */
	private static @Nullable String unknown(Class<?> type, ConfigurationPropertyName name, int index) {
		String element = name.getElement(index, Form.UNIFORM);
		List<String> settings = new ArrayList<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
				continue;
			}
			String dashed = dashed(descriptor.getName());
			settings.add(dashed);
			if (!dashed.replace("-", "").equals(element)) {
				continue;
			}
			ResolvableType propertyType = ResolvableType.forMethodReturnType(descriptor.getReadMethod());
			Class<?> resolved = propertyType.resolve(Object.class);
			if (Map.class.isAssignableFrom(resolved)) {
				Class<?> valueType = propertyType.asMap().getGeneric(1).resolve(Object.class);
				return (isSettings(valueType) && name.getNumberOfElements() > index + 2)
						? unknown(valueType, name, index + 2) : null;
			}
			if (isSettings(resolved) && name.getNumberOfElements() > index + 1) {
				return unknown(resolved, name, index + 1);
			}
			return null;
		}
		String parent = name.chop(index).toString();
		String closest = closest(element, settings);
		return "'" + name.getElement(index, Form.ORIGINAL) + "' is not one of the settings under " + parent
				+ ((closest != null) ? " (did you mean " + parent + "." + closest + "?)" : "") + ", which are: "
				+ String.join(", ", new TreeSet<>(settings)) + " (see docs/configuration.md).";
	}

	/**
	 * The setting whose name is nearest the unknown one, if it is near enough to be a
	 * typo of it.
	 */
	private static @Nullable String closest(String element, List<String> settings) {
		String closest = null;
		int best = Integer.MAX_VALUE;
		for (String setting : settings) {
			String uniform = setting.replace("-", "");
			int distance = (uniform.startsWith(element) || element.startsWith(uniform)) ? 0
					: distance(element, uniform);
			if (distance < best) {
				best = distance;
				closest = setting;
			}
		}
		return (closest != null && best <= Math.max(2, element.length() / 3)) ? closest : null;
	}

	/** Levenshtein distance, transpositions counting as one edit. */
	private static int distance(String a, String b) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			for (int j = 0; j <= b.length(); j++) {
				if (i == 0 || j == 0) {
					d[i][j] = i + j;
					continue;
				}
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

	private static boolean isSettings(Class<?> type) {
		return !Collection.class.isAssignableFrom(type) && !Map.class.isAssignableFrom(type)
				&& type.getName().startsWith(WasmProperties.class.getName());
	}

	private static String dashed(String camelCase) {
		return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
