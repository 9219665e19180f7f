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

package dev.wasmspring.test;

import java.util.Set;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * Keeps only the {@link WasmTest#hostFunctions() host function beans} a
 * {@link WasmTest @WasmTest} names, and what its filters add, from the components the
 * application's scan finds.
 */
final class WasmTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<WasmTest> {

	private final Set<Class<?>> hostFunctions;

	WasmTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.hostFunctions = Set.of(getAnnotation().getValue("hostFunctions", Class[].class).orElse(new Class<?>[0]));
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return this.hostFunctions;
	}

}
