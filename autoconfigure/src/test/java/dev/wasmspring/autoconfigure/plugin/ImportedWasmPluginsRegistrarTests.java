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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registrar names the annotation that imports it by name, so that the two packages do
 * not depend on each other; the name and the import stay in step.
 */
class ImportedWasmPluginsRegistrarTests {

	@Test
	void registrarNamesTheAnnotationThatImportsIt() {
		assertThat(ImportedWasmPluginsRegistrar.ANNOTATION).isEqualTo(ImportWasmPlugins.class.getName());
		assertThat(ImportWasmPlugins.class.getAnnotation(Import.class).value())
			.containsExactly(ImportedWasmPluginsRegistrar.class);
	}

}
