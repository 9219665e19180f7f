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

package dev.wasmspring.runtime;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.exception.WasmModuleNotFoundException;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.internal.module.ModuleRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The registry finds the module a name stands for, or says why there is none: not given,
 * expected later, or not defined among the ones that are.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ModuleRegistryTests {

	private final ModuleRegistry registry = new ModuleRegistry(WasmSettingNames.RUNTIME);

	@Test
	void emptyRegistryKnowsNoModule() {
		assertThat(this.registry.names()).isEmpty();
		assertThat(this.registry.contains("add")).isFalse();
		assertThat(this.registry.definitions()).isEmpty();
		assertThat(this.registry.digests()).isEmpty();
		assertThat(this.registry.remove("add")).isFalse();
	}

	@Test
	void unknownNameFailsNamingTheDefinedModules() {
		assertThatExceptionOfType(WasmModuleNotFoundException.class).isThrownBy(() -> this.registry.get("add"))
			.withMessageContaining("'add'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.get(null))
			.withMessageContaining("No module name given (null). The defined modules are []");
	}

	@Test
	void expectedNameFailsSayingWhenItWillBeDefined() {
		this.registry.expect(List.of("later"), "once the application has started");
		assertThatExceptionOfType(WasmModuleNotFoundException.class).isThrownBy(() -> this.registry.get("later"))
			.withMessage("WASM module 'later' is expected but not defined yet: once the application has started");
	}

}
