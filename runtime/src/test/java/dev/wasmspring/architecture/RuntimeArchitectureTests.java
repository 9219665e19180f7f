package dev.wasmspring.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The runtime's layers, stated as rules: no Spring anywhere, the engine only behind the internal packages, and
 * internal packages that depend on one another in one direction only.
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
