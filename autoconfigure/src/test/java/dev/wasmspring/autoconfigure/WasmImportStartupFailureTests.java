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

import java.util.List;

import dev.wasmspring.host.WasmImport;
import dev.wasmspring.host.WasmImportBindingException;
import dev.wasmspring.runtime.exception.WasmLinkException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a module's imports or a {@code @WasmImport} method can be wrong fails
 * startup, with a failure analysis that names the module, the import, the method and what
 * to do.
 */
class WasmImportStartupFailureTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class));

	@Test
	void importThatNoBeanProvidesIsExplainedWithTheSignatureToWriteAndTheMethodsThatCameClose() {
		this.contextRunner.withPropertyValues("wasm.modules.missing.location=classpath:wasm/imports-missing.wasm")
			.withBean("neighbour", Neighbour.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("WASM module 'missing' imports env.not_provided with "
						+ "signature (i32) -> i32, but no host function provides it. Add a method to a Spring bean "
						+ "such as @WasmImport(module = \"env\", name = \"not_provided\") int notProvided(int arg0). "
						+ "Host functions that came close: [env.notProvided(i32) -> i32 (Neighbour#notProvided(int) "
						+ "(bean 'neighbour'))]");
				assertThat(analysis.getAction()).startsWith("Provide env.not_provided with a @WasmImport method on "
						+ "a Spring bean, with the signature shown above.");
			});
	}

	@Test
	void importWithAnotherSignatureNamesTheBeanMethodAndBothSignatures() {
		this.contextRunner.withPropertyValues("wasm.modules.wrongsig.location=classpath:wasm/imports-wrongsig.wasm")
			.withBean("envImports", EnvImports.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("WASM module 'wrongsig' imports env.echo_i32 with "
						+ "signature (i64) -> i64, but EnvImports#echo_i32(int) (bean 'envImports') has signature "
						+ "(i32) -> i32. Change the method to match, for example @WasmImport(module = \"env\", "
						+ "name = \"echo_i32\") long echoI32(long arg0).");
				assertThat(analysis.getAction()).startsWith("Change the host method's parameters and result");
			});
	}

	@Test
	void twoMethodsClaimingOneImportAreBothNamed() {
		this.contextRunner.withPropertyValues("wasm.modules.imports.location=classpath:wasm/imports.wasm")
			.withBean("envImports", EnvImports.class)
			.withBean("setter", Setter.class)
			.withBean("echoAgain", EchoAgain.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Import env.echo_i32 of WASM module 'imports' is "
						+ "claimed by 2 host functions: [EnvImports#echo_i32(int) (bean 'envImports'), "
						+ "EchoAgain#echo(int) (bean 'echoAgain')]. Keep one, or give the others another name with "
						+ "@WasmImport(name = ...).");
				assertThat(analysis.getAction()).startsWith("Keep one host function for env.echo_i32, or rename the "
						+ "others with @WasmImport(name = ...).");
			});
	}

	@Test
	void importFromAHostModuleTheModuleMayNotLinkIsRefused() {
		this.contextRunner
			.withPropertyValues("wasm.modules.other.location=classpath:wasm/imports-other.wasm",
					"wasm.modules.other.allowed-imports=env")
			.withBean("billing", Billing.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOfSatisfying(WasmLinkException.class,
						(ex) -> assertThat(ex.getReason()).isEqualTo(WasmLinkException.Reason.NOT_ALLOWED));
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("WASM module 'other' imports billing.charge(i64) -> "
						+ "i32, but may only link host modules [env]. If it should, add 'billing' to "
						+ "wasm.modules.other.allowed-imports.");
				assertThat(analysis.getAction()).isEqualTo("Allow the import for module 'other' in its configuration "
						+ "(wasm.modules.other.allowed-imports or .wasi.enabled), or rebuild the module without it.");
			});
	}

	@Test
	void unsupportedParameterTypeNamesTheBeanTheMethodTheParameterAndTheSupportedTypes() {
		this.contextRunner.withBean("tagger", Tagger.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).isInstanceOf(WasmImportBindingException.class);
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).startsWith("@WasmImport method Tagger#tag(long, List) (bean "
					+ "'tagger') cannot be bound: parameter 1 (java.util.List<java.lang.String> tags) has no "
					+ "WebAssembly mapping. Supported parameter types: int, long, float, double and boolean (as "
					+ "i32, i64, f32, f64 and i32), String and byte[] (read from guest memory, passed as an i32 "
					+ "address and an i32 length); injected without a WebAssembly parameter: WasmCallContext, "
					+ "WasmMemory, HttpServletRequest.");
			assertThat(analysis.getAction()).startsWith("Change Tagger#tag(long, List) (bean 'tagger') so that its "
					+ "parameters and result have the supported types listed above");
		});
	}

	@Test
	void textResultForAModuleWithoutAnAllocatorIsRefused() {
		this.contextRunner.withPropertyValues("wasm.modules.noalloc.location=classpath:wasm/imports-noalloc.wasm")
			.withBean("envImports", EnvImports.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("WASM module 'noalloc' imports env.greet(i32, i32) "
						+ "-> i64, and its host function EnvImports#greet(String) (bean 'envImports') needs the module "
						+ "to export alloc(i32) -> i32, which it does not. Export alloc(i32) -> i32 from the module; "
						+ "see docs/host-functions.md for the memory ABI.");
				assertThat(analysis.getAction()).startsWith("Export the function named above from module 'noalloc' "
						+ "(for text and bytes results, an allocator alloc(i32) -> i32)");
			});
	}

	/**
	 * Runs the failure analyzers registered in spring.factories, as Spring Boot does at
	 * startup.
	 */
	private static FailureAnalysis analyze(Throwable failure) {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
			}))
			.stream()
			.filter((analyzer) -> analyzer.getClass().getPackageName().startsWith("dev.wasmspring"))
			.toList();
		assertThat(analyzers).isNotEmpty();
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		throw new AssertionError("No failure analyzer explains " + failure);
	}

	static class Neighbour {

		@WasmImport
		public int notProvided(int value) {
			return value;
		}

	}

	static class Setter {

		@WasmImport
		public void set(long value) {
		}

	}

	static class EchoAgain {

		@WasmImport(name = "echo_i32")
		public int echo(int value) {
			return value;
		}

	}

	static class Billing {

		@WasmImport(module = "billing")
		public int charge(long cents) {
			return 1;
		}

	}

	static class Tagger {

		@WasmImport
		public void tag(long id, List<String> tags) {
		}

	}

}
