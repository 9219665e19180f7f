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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.wasmspring.host.WasmImport;
import dev.wasmspring.host.WasmImportBinder;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The example of docs/plain-java.md, run on the runtime module's own class path, which
 * holds no Spring jar: the guide's greeter plugin with its host function bound from an
 * annotated method, or written by hand.
 */
class PlainJavaExampleTests {

	@TempDir
	Path directory;

	@Test
	void greetsRegularsThroughAnAnnotatedMethodBoundWithoutSpring() throws IOException {
		Path wasm = greeterFile();
		List<WasmHostFunction> hostFunctions = WasmImportBinder.standard()
			.bindAll(new Regulars(Set.of("Ada", "Grace")));
		List<String> printed = new ArrayList<>();
		try (WasmRuntime runtime = WasmRuntime.builder().withHostFunctions(hostFunctions).build()) {
			runtime
				.define(WasmModuleDefinition.of("greeter", ModuleSource.of(wasm)).withTimeout(Duration.ofMillis(500)));
			for (String name : List.of("Ada", "Bob")) {
				try (WasmInstance instance = runtime.newInstance("greeter")) {
					printed.add(instance.callText("greet", name));
				}
			}
		}
		assertThat(printed).containsExactly("Welcome back, Ada!", "Hello, Bob!");
	}

	@Test
	void greetsRegularsThroughAHandWrittenHostFunction() throws IOException {
		Path wasm = greeterFile();
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withHostFunctions(List.of(new IsRegular(Set.of("Ada", "Grace"))))
			.build()) {
			runtime.define(WasmModuleDefinition.of("greeter", ModuleSource.of(wasm)));
			try (WasmInstance instance = runtime.newInstance("greeter")) {
				assertThat(instance.callText("greet", "Grace")).isEqualTo("Welcome back, Grace!");
				assertThat(instance.callText("greet", "Linus")).isEqualTo("Hello, Linus!");
			}
		}
	}

	@Test
	void theBuilderDefaultsApplyToModulesThatSetNoLimitsAndTheModulesOwnLimitsWin() throws IOException {
		Path wasm = greeterFile();
		try (WasmRuntime runtime = WasmRuntime.builder().withHostFunctions(List.of(new IsRegular(Set.of()))).build()) {
			runtime.define(WasmModuleDefinition.of("greeter", ModuleSource.of(wasm)));
			runtime
				.define(WasmModuleDefinition.of("strict", ModuleSource.of(wasm)).withTimeout(Duration.ofMillis(500)));
			assertThat(runtime.timeout("greeter")).isEqualTo(Duration.ofSeconds(10));
			assertThat(runtime.maxMemoryBytes("greeter")).isEqualTo(16L * 1024 * 1024);
			assertThat(runtime.timeout("strict")).isEqualTo(Duration.ofMillis(500));
		}
	}

	@Test
	void aModuleWhoseImportNobodyProvidesIsRefusedWhenDefined() throws IOException {
		Path wasm = greeterFile();
		try (WasmRuntime runtime = WasmRuntime.builder().build()) {
			assertThatExceptionOfType(WasmLinkException.class)
				.isThrownBy(() -> runtime.define(WasmModuleDefinition.of("greeter", ModuleSource.of(wasm))))
				.withMessageContaining("greeter")
				.withMessageContaining("is_regular");
			assertThat(runtime.moduleNames()).isEmpty();
		}
	}

	@Test
	void anInstanceOutlivesItsClosedRuntimeButNoNewOneCanBeCreated() throws IOException {
		Path wasm = greeterFile();
		WasmRuntime runtime = WasmRuntime.builder().withHostFunctions(List.of(new IsRegular(Set.of("Ada")))).build();
		runtime.define(WasmModuleDefinition.of("greeter", ModuleSource.of(wasm)));
		try (WasmInstance instance = runtime.newInstance("greeter")) {
			runtime.close();
			assertThat(instance.callText("greet", "Ada")).isEqualTo("Welcome back, Ada!");
			assertThatIllegalStateException().isThrownBy(() -> runtime.newInstance("greeter"))
				.withMessageContaining("closed");
		}
	}

	private Path greeterFile() throws IOException {
		return Files.write(this.directory.resolve("greeter.wasm"), TestModules.bytes("greeter.wasm"));
	}

	/** As in docs/plain-java.md. */
	public static class Regulars {

		private final Set<String> names;

		Regulars(Set<String> names) {
			this.names = Set.copyOf(names);
		}

		@WasmImport(module = "greeter", name = "is_regular")
		public boolean isRegular(String name) {
			return this.names.contains(name);
		}

	}

	/** As in docs/plain-java.md. */
	public static class IsRegular implements WasmHostFunction {

		private static final WasmFunctionType TYPE = WasmFunctionType.of(List.of(WasmValueType.I32, WasmValueType.I32),
				List.of(WasmValueType.I32));

		private final Set<String> names;

		IsRegular(Set<String> names) {
			this.names = Set.copyOf(names);
		}

		@Override
		public String module() {
			return "greeter";
		}

		@Override
		public String name() {
			return "is_regular";
		}

		@Override
		public WasmFunctionType type() {
			return TYPE;
		}

		@Override
		public long[] invoke(WasmCallContext context, long[] args) {
			byte[] name = context.memory().read((int) args[0], (int) args[1]);
			boolean regular = this.names.contains(new String(name, StandardCharsets.UTF_8));
			return new long[] { regular ? 1 : 0 };
		}

	}

}
