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
import com.tngtech.archunit.lang.ArchRule;
import dev.wasmspring.architecture.circle.Configuration;
import dev.wasmspring.architecture.circle.glue.Glue;
import dev.wasmspring.autoconfigure.WasmAutoConfiguration;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The auto-configuration is Spring glue over the runtime's public API: it never reaches
 * into the runtime's internals or the engine, and its packages, with the plugin API,
 * depend on one another in one direction only.
 */
class AutoConfigurationArchitectureTests {

	private static final JavaClasses AUTO_CONFIGURATION = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.wasmspring.autoconfigure", "dev.wasmspring.plugin");

	@Test
	void rulesSeeTheAutoConfiguration() {
		assertThat(AUTO_CONFIGURATION.contain(WasmAutoConfiguration.class)).isTrue();
	}

	@Test
	void autoConfigurationUsesOnlyTheRuntimeApi() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAPackage("dev.wasmspring.runtime.internal..")
			.because("the runtime's internals may change in any release")
			.check(AUTO_CONFIGURATION);
	}

	@Test
	void autoConfigurationDoesNotSeeTheEngine() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAPackage("com.dylibso.chicory..")
			.because("the engine is an implementation detail of the runtime")
			.check(AUTO_CONFIGURATION);
	}

	@Test
	void packagesFormNoCycle() {
		packagesFreeOfCycles().check(AUTO_CONFIGURATION);
	}

	@Test
	void aCircleBetweenTwoPackagesFailsTheRule() {
		JavaClasses circle = new ClassFileImporter().importPackages(Configuration.class.getPackageName());
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> packagesFreeOfCycles().check(circle))
			.withMessageContaining(Glue.class.getName() + ".answer()");
	}

	private static ArchRule packagesFreeOfCycles() {
		return slices().matching("dev.wasmspring.(**)")
			.should()
			.beFreeOfCycles()
			.because("a circle between packages makes neither understandable nor changeable alone");
	}

}
