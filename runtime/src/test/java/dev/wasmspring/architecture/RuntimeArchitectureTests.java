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

package dev.wasmspring.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's layers, stated as rules: no Spring anywhere, the engine only behind the
 * internal packages, and internal packages that depend on one another in one direction
 * only.
 */
class RuntimeArchitectureTests {

	private static final JavaClasses RUNTIME = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.wasmspring.runtime", "dev.wasmspring.host");

	@Test
	void rulesSeeTheApiAndTheInternals() {
		assertThat(RUNTIME.contain(WasmRuntime.class)).isTrue();
		assertThat(RUNTIME.contain(CompiledArtifact.class)).isTrue();
	}

	@Test
	void runtimeDoesNotDependOnSpring() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework..")
			.because("the runtime is for any JVM application; Spring glue belongs in the auto-configuration")
			.check(RUNTIME);
	}

	@Test
	void engineTypesAppearOnlyInInternalPackages() {
		noClasses().that()
			.resideOutsideOfPackage("dev.wasmspring.runtime.internal..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.dylibso.chicory..")
			.because("moving to another engine must be a change of internals only")
			.check(RUNTIME);
	}

	@Test
	void internalPackagesFormNoCycle() {
		slices().matching("dev.wasmspring.runtime.internal.(*)..").should().beFreeOfCycles().check(RUNTIME);
	}

	@Test
	void hostBindingUsesOnlyThePublicApi() {
		noClasses().that()
			.resideInAPackage("dev.wasmspring.host..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.wasmspring.runtime.internal..")
			.check(RUNTIME);
	}

}
