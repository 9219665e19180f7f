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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.TypeDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IDEs learn the {@code wasm.*} keys from the configuration metadata: every setting of
 * {@link WasmProperties}, the per-module ones included (as {@code wasm.modules.*.<key>}),
 * is there with a description, and every default it states is the default the setting
 * has. Derived from the properties class, so a new setting cannot be missed.
 */
class WasmPropertiesMetadataTests {

	private static String json;

	private static Map<String, Map<String, Object>> metadata;

	@BeforeAll
	static void readMetadata() throws Exception {
		try (InputStream in = WasmPropertiesMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
		metadata = new LinkedHashMap<>();
		properties.forEach((property) -> metadata.put((String) property.get("name"), property));
	}

	@Test
	void everyPropertyHasADescriptionAndMapKeysHaveHints() {
		assertThat(metadata.values())
			.allSatisfy((property) -> assertThat((String) property.get("description")).as((String) property.get("name"))
				.isNotBlank());
		List<String> hints = JsonPath.read(json, "$.hints[*].name");
		assertThat(hints).contains("wasm.modules.keys", "wasm.engine", "wasm.modules.values.wasi.stdout");
	}

	@Test
	void everySettingIncludingEachModulesIsDescribedWithItsDefault() {
		List<Setting> settings = new ArrayList<>();
		settings(new WasmProperties(), "wasm.", settings);
		assertThat(settings).extracting(Setting::name)
			.contains("wasm.timeout", "wasm.modules.*.location", "wasm.modules.*.extism.max-var-size",
					"wasm.modules.*.wasi.dirs.*.read-only");
		assertThat(settings).allSatisfy((setting) -> {
			Map<String, Object> property = metadata.get(setting.name());
			assertThat(property).as("metadata of %s", setting.name()).isNotNull();
			assertThat((String) property.get("description")).as("description of %s", setting.name()).isNotBlank();
			if (setting.defaultValue() != null) {
				Object stated = property.get("defaultValue");
				assertThat(stated).as("default of %s", setting.name()).isNotNull();
				assertThat(ApplicationConversionService.getSharedInstance()
					.convert(String.valueOf(stated), TypeDescriptor.valueOf(String.class), setting.type()))
					.as("default of %s", setting.name())
					.isEqualTo(setting.defaultValue());
			}
		});
	}

	/**
	 * Walks the settings of an object as the binder sees them; a map of settings adds
	 * {@code *} for its key.
	 */
	private static void settings(Object settings, String prefix, List<Setting> found) {
		BeanWrapperImpl wrapper = new BeanWrapperImpl(settings);
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(settings.getClass())) {
			if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
				continue;
			}
			String name = prefix + descriptor.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
			ResolvableType type = ResolvableType.forMethodReturnType(descriptor.getReadMethod());
			Class<?> resolved = type.resolve(Object.class);
			Object value = wrapper.getPropertyValue(descriptor.getName());
			if (isSettings(resolved)) {
				settings(value, name + ".", found);
				continue;
			}
			if (Map.class.isAssignableFrom(resolved) && isSettings(type.asMap().getGeneric(1).resolve(Object.class))) {
				found.add(new Setting(name, TypeDescriptor.valueOf(resolved), null));
				settings(BeanUtils.instantiateClass(type.asMap().getGeneric(1).resolve()), name + ".*.", found);
				continue;
			}
			boolean empty = (value instanceof Collection<?> collection && collection.isEmpty())
					|| (value instanceof Map<?, ?> map && map.isEmpty());
			found.add(new Setting(name, wrapper.getPropertyTypeDescriptor(descriptor.getName()), empty ? null : value));
		}
	}

	private static boolean isSettings(Class<?> type) {
		return type.getName().startsWith(WasmProperties.class.getName());
	}

	private record Setting(String name, TypeDescriptor type, @Nullable Object defaultValue) {
	}

}
