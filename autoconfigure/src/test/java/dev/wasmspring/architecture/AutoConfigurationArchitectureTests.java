package dev.wasmspring.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import dev.wasmspring.autoconfigure.WasmAutoConfiguration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration is Spring glue over the runtime's public API: it never reaches into the runtime's
 * internals or the engine.
 */
class AutoConfigurationArchitectureTests {

	private static final JavaClasses AUTO_CONFIGURATION = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.wasmspring.autoconfigure");

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

}
