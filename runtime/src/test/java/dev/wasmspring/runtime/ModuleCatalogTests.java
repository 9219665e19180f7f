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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmModuleNotFoundException;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.internal.call.RunningInstance;
import dev.wasmspring.runtime.internal.load.ModuleLoader;
import dev.wasmspring.runtime.internal.module.ModuleCatalog;
import dev.wasmspring.runtime.internal.module.ModuleRegistry;
import dev.wasmspring.runtime.internal.module.OnDemandModules;
import dev.wasmspring.runtime.internal.module.RuntimeServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The catalog installs a module only if nothing it was loaded against changed meanwhile:
 * host functions replaced while it linked make it link again, a name removed or a catalog
 * closed while it loaded keep nothing.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ModuleCatalogTests {

	private final WasmRuntime.Builder options = WasmRuntime.builder().withCompilationCache(CompilationCache.create());

	private final RuntimeServices services = this.options.services();

	private final ModuleLoader loader = this.options.loader(this.services);

	private final ModuleRegistry registry = new ModuleRegistry(WasmSettingNames.RUNTIME);

	// runs once, inside the next load, after the loader has been asked
	private final AtomicReference<Runnable> duringNextLoad = new AtomicReference<>();

	private final ModuleCatalog catalog = new ModuleCatalog(this.registry, new OnDemandModules(null, 0),
			(definitions, hostFunctions) -> {
				Runnable hook = this.duringNextLoad.getAndSet(null);
				if (hook != null) {
					hook.run();
				}
				return this.loader.loadAll(definitions, hostFunctions);
			}, answering(1), this.services.api());

	@AfterEach
	void close() {
		this.catalog.close();
		this.services.watchdog().close();
	}

	@Test
	void moduleLinkedWhileHostFunctionsAreReplacedIsLinkedAgainstTheNewOnes() {
		this.duringNextLoad.set(() -> this.catalog.replaceHostFunctions(answering(2)));
		this.catalog.defineAll(List.of(TestModules.definition("imports", "imports.wasm")));
		try (WasmInstance instance = new WasmInstance(
				RunningInstance.create(this.catalog.loaded("imports"), Map.of()))) {
			assertThat(instance.call("call_get_i32")).isEqualTo(2);
		}
	}

	@Test
	void replacingHostFunctionsRelinksEveryLoadedModule() {
		this.catalog.defineAll(List.of(TestModules.definition("imports", "imports.wasm")));
		this.catalog.replaceHostFunctions(answering(3));
		try (WasmInstance instance = new WasmInstance(
				RunningInstance.create(this.catalog.loaded("imports"), Map.of()))) {
			assertThat(instance.call("call_get_i32")).isEqualTo(3);
		}
	}

	@Test
	void nameRemovedWhileLoadingOnFirstUseIsNotInstalled() {
		this.catalog.defineLazily(TestModules.definition("add", "add.wasm"));
		assertThat(this.catalog.hasModule("add")).isTrue();
		this.duringNextLoad.set(() -> assertThat(this.catalog.remove("add")).isTrue());
		assertThatExceptionOfType(WasmModuleNotFoundException.class).isThrownBy(() -> this.catalog.loaded("add"))
			.satisfies((ex) -> assertThat(ex.getModuleName()).isEqualTo("add"));
		assertThat(this.registry.names()).isEmpty();
		assertThat(this.catalog.names()).isEmpty();
	}

	@Test
	void lazyDefinitionReplacesTheLoadedModuleAndLoadsOnItsFirstUse() {
		this.catalog.defineAll(List.of(TestModules.definition("add", "add.wasm")));
		this.catalog.defineLazily(TestModules.definition("add", "add-v2.wasm"));
		assertThat(this.registry.contains("add")).isFalse();
		assertThat(this.catalog.definition("add").source().location()).contains("add-v2.wasm");
		assertThat(this.registry.contains("add")).isFalse();
		assertThat(this.catalog.loaded("add").definition.source().location()).contains("add-v2.wasm");
		assertThat(this.registry.contains("add")).isTrue();
		assertThat(this.catalog.residency().loadsOnFirstUse()).isEqualTo(1);
	}

	@Test
	void catalogClosedWhileAModuleLoadsKeepsNothingAndRefusesChanges() {
		this.duringNextLoad.set(() -> assertThat(this.catalog.close()).isTrue());
		assertThatIllegalStateException()
			.isThrownBy(() -> this.catalog.defineAll(List.of(TestModules.definition("add", "add.wasm"))))
			.withMessage("This WasmRuntime is closed");
		assertThat(this.registry.names()).isEmpty();
		assertThat(this.catalog.isClosed()).isTrue();
		assertThat(this.catalog.close()).isFalse();
		assertThatIllegalStateException()
			.isThrownBy(() -> this.catalog.defineLazily(TestModules.definition("add", "add.wasm")));
	}

	@Test
	void sharedHandleOutlivesItsRemoval() {
		this.catalog.defineAll(List.of(TestModules.definition("add", "add.wasm")));
		try (CompiledModule handle = this.catalog.share("add")) {
			assertThat(this.catalog.remove("add")).isTrue();
			assertThat(this.catalog.remove("add")).isFalse();
			assertThat(handle.isClosed()).isFalse();
		}
	}

	private static List<WasmHostFunction> answering(int value) {
		return StubHostFunction.forImportsModule(new StubHostFunction("env", "get_i32",
				StubHostFunction.type(List.of(), List.of(WasmValueType.I32)), (context, args) -> new long[] { value }));
	}

}
