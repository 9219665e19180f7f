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

package dev.wasmspring.autoconfigure.aot;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * The hints the starter itself needs in every application: the modules under
 * {@code classpath:wasm/}, and the factory method of the per-module instance beans, which
 * Spring resolves reflectively when a bean is asked for with explicit arguments.
 */
final class WasmRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(WasmModuleResourcesAotProcessor.DEFAULT_PATTERN);
		hints.reflection()
			.registerType(TypeReference.of("dev.wasmspring.autoconfigure.WasmInstanceBeanRegistrar"),
					(type) -> type.withMembers(MemberCategory.INVOKE_PUBLIC_METHODS));
	}

}
