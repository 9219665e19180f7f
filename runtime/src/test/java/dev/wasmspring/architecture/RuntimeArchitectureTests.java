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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.wasmspring.architecture.circle.Api;
import dev.wasmspring.architecture.circle.OtherApi;
import dev.wasmspring.architecture.circle.machinery.Machinery;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompileAccess;
import dev.wasmspring.runtime.exception.ExceptionAccess;
import dev.wasmspring.runtime.function.FunctionAccess;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The runtime's layers, stated as rules: no Spring anywhere, the engine only behind the
 * internal packages, and no circle between any two packages. The root package holds the
 * façade (the runtime, its instances and its builder's base), which nothing else uses;
 * the machinery uses the API's leaf packages (exceptions, sources, functions, modules,
 * compiled code, values), and each leaf package uses only the internal packages listed
 * for it.
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
	void packagesFormNoCycle() {
		packagesFreeOfCycles().check(RUNTIME);
	}

	@Test
	void aCircleBetweenTwoPackagesFailsTheRuleAndTypesOfOnePackageUsingEachOtherDoNot() {
		JavaClasses circle = new ClassFileImporter().importPackages(Api.class.getPackageName());
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> packagesFreeOfCycles().check(circle))
			.withMessageContaining("architecture.circle")
			.withMessageContaining(Machinery.class.getName() + ".answer()");
		JavaClasses onePackage = new ClassFileImporter().importClasses(Api.class, OtherApi.class);
		packagesFreeOfCycles().check(onePackage);
	}

	@Test
	void nothingDependsOnTheFacade() {
		noClasses().that()
			.resideOutsideOfPackage(API)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(API)
			.because("the root package is the façade on top: the machinery and the API's leaf packages take what "
					+ "they need from the leaf packages, so that no circle runs through the root")
			.check(RUNTIME);
	}

	@Test
	void apiPackagesUseOnlyTheMachineryListedForThem() {
		Map<String, Set<String>> used = internalPackagesUsedByApiPackages(RUNTIME);
		assertThat(used)
			.as("the internal packages each API package outside the root uses; a new use is a new edge from the "
					+ "API into the machinery: list it below on purpose, or keep the machinery behind the "
					+ "façade. Now:\n%s", asSource(used))
			.isEqualTo(MACHINERY_USED_BY_API_PACKAGES);
	}

	@Test
	void accessToTheLeafPackagesHiddenMembersIsRefusedOutsideTheRootPackage() {
		assertThatExceptionOfType(IllegalCallerException.class).isThrownBy(() -> FunctionAccess.grant())
			.withMessageContaining(RuntimeArchitectureTests.class.getName());
		assertThatExceptionOfType(IllegalCallerException.class).isThrownBy(() -> CompileAccess.grant())
			.withMessageContaining("CompileAccess");
		assertThatExceptionOfType(IllegalCallerException.class).isThrownBy(() -> ExceptionAccess.grant())
			.withMessageContaining("not API");
	}

	@Test
	void theFacadeKeepsToItsPublicFace() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("src/main/java/dev/wasmspring/runtime/WasmRuntime.java"));
		assertThat(lines).as("WasmRuntime.java, Javadoc included: its jobs belong in internal classes")
			.hasSizeLessThanOrEqualTo(500);
	}

	@Test
	void apiPackageHoldsTheFacadeOnly() {
		List<String> topLevel = RUNTIME.stream()
			.filter((type) -> type.getPackageName().equals(API) && type.getEnclosingClass().isEmpty())
			.filter((type) -> !type.getSimpleName().equals("package-info"))
			.map(JavaClass::getSimpleName)
			.sorted()
			.toList();
		List<String> notPublic = RUNTIME.stream()
			.filter((type) -> type.getPackageName().equals(API) && type.getEnclosingClass().isEmpty())
			.filter((type) -> !type.getModifiers().contains(JavaModifier.PUBLIC))
			.filter((type) -> !type.getSimpleName().equals("package-info"))
			.map(JavaClass::getSimpleName)
			.toList();
		assertThat(notPublic).as("the machinery belongs in internal packages").containsExactly("RuntimeOptions");
		assertThat(topLevel).as("a newcomer's API package: the runtime, its instances and the builder's base")
			.containsExactly("RuntimeOptions", "WasmInstance", "WasmRuntime");
	}

	@Test
	void memoryAbiOfTextAndBytesIsOneClass() {
		noClasses().that()
			.resideInAPackage("dev.wasmspring.runtime.internal.call..")
			.and()
			.doNotHaveSimpleName("GuestAbi")
			.should()
			.accessClassesThat()
			.belongToAnyOf(WasmMemory.class)
			.because("allocating, writing, bounding and copying an answer is GuestAbi's job")
			.check(RUNTIME);
		noClasses().that()
			.haveSimpleName("WasmInstance")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.wasmspring.runtime.internal.memory..", "dev.wasmspring.runtime.internal.limits..",
					"dev.wasmspring.runtime.internal.failure..", "dev.wasmspring.runtime.value..")
			.because("WasmInstance is the public face of internal.call.RunningInstance, which runs its calls")
			.check(RUNTIME);
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

	/**
	 * No circle between any two packages: each package is a slice of its own.
	 * @return the rule
	 */
	static ArchRule packagesFreeOfCycles() {
		return slices().matching("dev.wasmspring.(**)")
			.should()
			.beFreeOfCycles()
			.because("a circle between packages makes neither understandable nor changeable alone");
	}

	private static final String API = "dev.wasmspring.runtime";

	/**
	 * Every API package outside the root with the internal packages it uses: the types
	 * whose work is done by the machinery (a call's context and memory, a compiled
	 * module, a download, the check that keeps the engine's types out of a failure's
	 * causes). Every other API package, and the host binding, uses none.
	 */
	private static final Map<String, Set<String>> MACHINERY_USED_BY_API_PACKAGES = Map.of("compile",
			Set.of("internal.compile"), "exception", Set.of("internal.engine"), "function",
			Set.of("internal.context", "internal.extism", "internal.failure", "internal.limits", "internal.memory"),
			"source", Set.of("internal.net"));

	/**
	 * The internal packages each API package outside the root depends on.
	 * @param classes the classes
	 * @return the internal packages, by API package (both without the
	 * {@code dev.wasmspring.runtime.} prefix; the host binding by its full name)
	 */
	static Map<String, Set<String>> internalPackagesUsedByApiPackages(JavaClasses classes) {
		Map<String, Set<String>> used = new TreeMap<>();
		for (JavaClass type : classes) {
			String from = type.getPackageName();
			if (from.equals(API) || from.startsWith(API + ".internal")) {
				continue;
			}
			for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
				String to = dependency.getTargetClass().getBaseComponentType().getPackageName();
				if (to.startsWith(API + ".internal.")) {
					used.computeIfAbsent(from.startsWith(API + ".") ? from.substring(API.length() + 1) : from,
							(key) -> new TreeSet<>())
						.add(to.substring(API.length() + 1));
				}
			}
		}
		return used;
	}

	private static String asSource(Map<String, Set<String>> used) {
		StringBuilder source = new StringBuilder("Map.ofEntries(");
		used.forEach((pkg, types) -> source.append("\n\tMap.entry(\"")
			.append(pkg)
			.append("\", Set.of(\"")
			.append(String.join("\", \"", types))
			.append("\")),"));
		return source.append(")").toString();
	}

}
