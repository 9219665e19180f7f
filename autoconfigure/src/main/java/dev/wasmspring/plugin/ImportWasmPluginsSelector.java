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

import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Imports the registrar behind {@link ImportWasmPlugins @ImportWasmPlugins} by name: the
 * registrar uses the plugin API, so naming it by type here would tie the two packages in
 * a circle. A test keeps the name and the class in step.
 */
final class ImportWasmPluginsSelector implements ImportSelector {

	/** The registrar's class name. */
	static final String REGISTRAR = "dev.wasmspring.autoconfigure.plugin.ImportedWasmPluginsRegistrar";

	@Override
	public String[] selectImports(AnnotationMetadata importingClassMetadata) {
		return new String[] { REGISTRAR };
	}

}
