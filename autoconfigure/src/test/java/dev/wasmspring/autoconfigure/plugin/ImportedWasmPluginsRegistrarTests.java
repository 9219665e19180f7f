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

import dev.wasmspring.plugin.ImportWasmPlugins;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin API imports this registrar by name, so that the two packages do not depend
 * on each other; the name and the class stay in step.
 */
class ImportedWasmPluginsRegistrarTests {

	@Test
	void annotationImportsThisRegistrarByName() throws Exception {
		Class<?> selector = ImportWasmPlugins.class.getAnnotation(Import.class).value()[0];
		assertThat(selector).isAssignableTo(ImportSelector.class);
		ImportSelector instance = (ImportSelector) ReflectionUtils.accessibleConstructor(selector).newInstance();
		assertThat(instance.selectImports(AnnotationMetadata.introspect(Object.class)))
			.containsExactly(ImportedWasmPluginsRegistrar.class.getName());
	}

}
