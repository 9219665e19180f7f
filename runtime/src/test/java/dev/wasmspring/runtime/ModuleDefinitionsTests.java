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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The registry's writer alone: defines into the registry, hands out handles that outlive
 * a removal, and refuses changes once closed, releasing every module.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ModuleDefinitionsTests {

	private final WasmRuntime.Builder options = WasmRuntime.builder();

	private final RuntimeServices services = new RuntimeServices(this.options);

	private final ModuleRegistry registry = new ModuleRegistry(WasmSettingNames.RUNTIME);

	private final ModuleDefinitions definitions = new ModuleDefinitions(this.registry,
			new ModuleLoader(this.services, this.options), List.of());

	@AfterEach
	void close() {
		this.definitions.close();
		this.services.watchdog().close();
	}

	@Test
	void definedModuleIsInTheRegistryAndItsHandleOutlivesItsRemoval() {
		this.definitions.defineAll(List.of(TestModules.definition("add", "add.wasm")));
		assertThat(this.registry.names()).containsExactly("add");
		try (CompiledModule shared = this.definitions.share("add")) {
			assertThat(this.definitions.remove("add")).isTrue();
			assertThat(this.registry.contains("add")).isFalse();
			assertThat(shared.isClosed()).isFalse();
		}
		assertThat(this.definitions.remove("add")).isFalse();
	}

	@Test
	void closedDefinitionsRefuseChangesAndReleaseEveryModule() {
		this.definitions.defineAll(List.of(TestModules.definition("add", "add.wasm")));
		CompiledModule shared = this.definitions.share("add");
		shared.close();
		assertThat(this.definitions.close()).isTrue();
		assertThat(this.definitions.close()).isFalse();
		assertThat(this.definitions.isClosed()).isTrue();
		assertThat(this.registry.names()).isEmpty();
		assertThatIllegalStateException()
			.isThrownBy(() -> this.definitions.defineAll(List.of(TestModules.definition("add", "add.wasm"))))
			.withMessage("This WasmRuntime is closed");
		assertThatIllegalStateException().isThrownBy(() -> this.definitions.replaceHostFunctions(List.of()))
			.withMessage("This WasmRuntime is closed");
	}

}
