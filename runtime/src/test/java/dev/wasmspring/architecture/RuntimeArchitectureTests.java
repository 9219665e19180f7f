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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
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
import dev.wasmspring.architecture.circle.Api;
import dev.wasmspring.architecture.circle.OtherApi;
import dev.wasmspring.architecture.circle.machinery.Machinery;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's layers, stated as rules: no Spring anywhere, the engine only behind the
 * internal packages, and no circle through them: the API uses the machinery, and the
 * machinery uses only API types that do not lead back into it.
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
	void noCircleRunsThroughTheInternalPackagesOrTheHostBinding() {
		assertThat(circlesThroughTheMachinery(RUNTIME, API)).isEmpty();
	}

	@Test
	void aCircleThroughAnInternalPackageIsFoundAndOneWithinTheApiIsNot() {
		String api = Api.class.getPackageName();
		JavaClasses withMachinery = new ClassFileImporter().importPackages(api);
		assertThat(circlesThroughTheMachinery(withMachinery, api)).singleElement()
			.asString()
			.contains(Machinery.class.getPackageName() + "]", Machinery.class.getName() + ".answer()");
		JavaClasses apiOnly = new ClassFileImporter().importClasses(Api.class, OtherApi.class);
		assertThat(circlesThroughTheMachinery(apiOnly, api)).isEmpty();
	}

	@Test
	void internalPackagesUseOnlyTheApiTypesListedForThem() {
		Map<String, Set<String>> used = apiTypesUsedByInternalPackages(RUNTIME);
		assertThat(used)
			.as("the API types each internal package uses; a new use is a new edge from the machinery "
					+ "back to the API package: list it below on purpose, or take what is needed as a parameter or an "
					+ "internal type. Now:\n%s", asSource(used))
			.isEqualTo(API_TYPES_USED_BY_INTERNAL_PACKAGES);
	}

	@Test
	void apiPackageHoldsPublicTypesAndTheBuildersBaseOnly() {
		List<String> topLevel = RUNTIME.stream()
			.filter((type) -> type.getPackageName().equals(API) && type.getEnclosingClass().isEmpty())
			.filter((type) -> !type.getSimpleName().equals("package-info"))
			.map(JavaClass::getSimpleName)
			.sorted()
			.toList();
		List<String> notPublic = RUNTIME.stream()
			.filter((type) -> type.getPackageName().equals(API) && type.getEnclosingClass().isEmpty())
			.filter((type) -> !type.getSimpleName().equals("package-info"))
			.filter((type) -> !type.getModifiers().contains(JavaModifier.PUBLIC))
			.map(JavaClass::getSimpleName)
			.toList();
		assertThat(notPublic).as("the machinery belongs in internal packages").containsExactly("RuntimeOptions");
		assertThat(topLevel).as("a newcomer's API package: at most 30 files with its package-info").hasSizeLessThan(30);
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
	void apiSubpackagesDependOnNoMachinery() {
		noClasses().that()
			.resideInAnyPackage(API_SUBPACKAGES)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.wasmspring.runtime.internal..")
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
	 * The circles, by dependencies in the class files, that pass through a package other
	 * than the API package: each API type is a node of its own (types of one package may
	 * use each other), every other package is one node. A circle is reported as the
	 * dependencies that close it.
	 * @param classes the classes
	 * @param api the API package
	 * @return one line per circle, empty when there is none
	 */
	static List<String> circlesThroughTheMachinery(JavaClasses classes, String api) {
		Map<String, Set<String>> edges = new TreeMap<>();
		Map<String, String> examples = new HashMap<>();
		for (JavaClass type : classes) {
			String from = node(type, api);
			edges.computeIfAbsent(from, (key) -> new TreeSet<>());
			for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
				JavaClass target = dependency.getTargetClass().getBaseComponentType();
				if (!target.getPackageName().startsWith("dev.wasmspring.") || !classes.contain(target.getName())) {
					continue;
				}
				String to = node(target, api);
				if (!to.equals(from)) {
					edges.get(from).add(to);
					examples.putIfAbsent(from + " -> " + to, dependency.getDescription());
				}
			}
		}
		List<String> circles = new ArrayList<>();
		for (Set<String> component : stronglyConnected(edges)) {
			if (component.size() > 1 && !component.stream().allMatch((node) -> isApiType(node, api))) {
				StringBuilder line = new StringBuilder("circle through " + component + ":");
				for (String from : component) {
					for (String to : edges.get(from)) {
						if (component.contains(to)) {
							line.append("\n  ").append(examples.get(from + " -> " + to));
						}
					}
				}
				circles.add(line.toString());
			}
		}
		return circles;
	}

	private static final String API = "dev.wasmspring.runtime";

	private static final String[] API_SUBPACKAGES = { API + ".wasi", API + ".extism", API + ".statistics",
			API + ".value" };

	/**
	 * Every edge from an internal package back to a type of the API package, by
	 * class-file dependency: the exceptions the machinery throws, the value types of
	 * signatures, the definitions and settings it reads, and what it builds for the API
	 * through {@code internal.module.ApiAccess}. None of these types leads back into the
	 * machinery ({@link #noCircleRunsThroughTheInternalPackagesOrTheHostBinding()}).
	 */
	private static final Map<String, Set<String>> API_TYPES_USED_BY_INTERNAL_PACKAGES = Map.ofEntries(
			Map.entry("internal.call",
					Set.of("WasmCallContext", "WasmCallException", "WasmCancelHandle", "WasmCancelledException",
							"WasmException", "WasmFunctionType", "WasmMemory", "WasmModuleDefinition",
							"WasmPluginException", "WasmSettingNames", "WasmTrapException", "WasmValueType")),
			Map.entry("internal.compile",
					Set.of("WasmEngine", "WasmFunctionType", "WasmImportDescriptor", "WasmModuleLoadException",
							"WasmValueType")),
			Map.entry("internal.extism", Set.of("WasmCallException", "WasmModuleDefinition", "WasmTrapException")),
			Map.entry("internal.failure",
					Set.of("WasmCallException", "WasmException", "WasmModuleLoadException", "WasmSettingNames",
							"WasmTimeoutException", "WasmTrapException")),
			Map.entry("internal.host",
					Set.of("WasmCallContext", "WasmCallException", "WasmException", "WasmFunctionType",
							"WasmHostFunction", "WasmImportDescriptor", "WasmLinkException", "WasmModuleDefinition",
							"WasmSettingNames", "WasmValueType")),
			Map.entry("internal.instance", Set.of("WasmCallContext", "WasmValueType")),
			Map.entry("internal.load",
					Set.of("CompilationCache", "CompiledModule", "ModuleSource", "WasmEngine", "WasmHostFunction",
							"WasmModuleDefinition", "WasmModuleLoadException", "WasmSettingNames", "WasmSnapshot")),
			Map.entry("internal.module",
					Set.of("CompilationCache", "CompiledModule", "ModuleSource", "WasmCallContext", "WasmCancelHandle",
							"WasmEngine", "WasmHostFunction", "WasmModuleDefinition", "WasmModuleLoadException",
							"WasmModuleNotFoundException", "WasmModuleResolver", "WasmSettingNames", "WasmSnapshot",
							"WasmTrapException")),
			Map.entry("internal.snapshot",
					Set.of("ModuleSource", "WasmException", "WasmModuleDefinition", "WasmModuleLoadException",
							"WasmSettingNames", "WasmSnapshot")),
			Map.entry("internal.trace",
					Set.of("WasmCallException", "WasmException", "WasmGuestFrames", "WasmTimeoutException",
							"WasmTrapException")),
			Map.entry("internal.wasi", Set.of("ModuleSource", "WasmModuleDefinition", "WasmModuleLoadException")));

	/**
	 * The API types each internal package depends on.
	 * @param classes the classes
	 * @return the simple names of the API types, by internal package (without the
	 * {@code dev.wasmspring.runtime.} prefix)
	 */
	static Map<String, Set<String>> apiTypesUsedByInternalPackages(JavaClasses classes) {
		Map<String, Set<String>> used = new TreeMap<>();
		for (JavaClass type : classes) {
			if (!type.getPackageName().startsWith(API + ".internal.")) {
				continue;
			}
			for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
				JavaClass target = dependency.getTargetClass().getBaseComponentType();
				if (target.getPackageName().equals(API)) {
					used.computeIfAbsent(type.getPackageName().substring(API.length() + 1), (key) -> new TreeSet<>())
						.add(outermost(target).getSimpleName());
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

	private static JavaClass outermost(JavaClass type) {
		JavaClass outermost = type;
		while (outermost.getEnclosingClass().isPresent()) {
			outermost = outermost.getEnclosingClass().get();
		}
		return outermost;
	}

	private static String node(JavaClass type, String api) {
		if (!type.getPackageName().equals(api)) {
			return type.getPackageName();
		}
		return outermost(type).getName();
	}

	private static boolean isApiType(String node, String api) {
		return node.startsWith(api + ".") && node.lastIndexOf('.') == api.length()
				&& Character.isUpperCase(node.charAt(api.length() + 1));
	}

	/** Tarjan's strongly connected components. */
	private static List<Set<String>> stronglyConnected(Map<String, Set<String>> edges) {
		Map<String, Integer> index = new HashMap<>();
		Map<String, Integer> low = new HashMap<>();
		Deque<String> stack = new ArrayDeque<>();
		Set<String> onStack = new TreeSet<>();
		List<Set<String>> components = new ArrayList<>();
		for (String node : edges.keySet()) {
			if (!index.containsKey(node)) {
				visit(node, edges, index, low, stack, onStack, components);
			}
		}
		return components;
	}

	private static void visit(String node, Map<String, Set<String>> edges, Map<String, Integer> index,
			Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> components) {
		index.put(node, index.size());
		low.put(node, index.get(node));
		stack.push(node);
		onStack.add(node);
		for (String next : edges.getOrDefault(node, Set.of())) {
			if (!index.containsKey(next)) {
				visit(next, edges, index, low, stack, onStack, components);
				low.put(node, Math.min(low.get(node), low.get(next)));
			}
			else if (onStack.contains(next)) {
				low.put(node, Math.min(low.get(node), index.get(next)));
			}
		}
		if (low.get(node).equals(index.get(node))) {
			Set<String> component = new TreeSet<>();
			String member;
			do {
				member = stack.pop();
				onStack.remove(member);
				component.add(member);
			}
			while (!member.equals(node));
			components.add(component);
		}
	}

}
