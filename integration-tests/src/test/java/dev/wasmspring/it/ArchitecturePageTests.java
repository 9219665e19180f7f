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

package dev.wasmspring.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/architecture.md in step with the code: its module table names every module
 * of the reactor with its artifact, its API table every public type of the API packages,
 * and its Spring-side table every package of the auto-configuration and test artifacts.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ArchitecturePageTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

	private static final Pattern ARTIFACT_ID = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>");

	@Test
	void moduleTableNamesEveryModuleOfTheReactorWithItsArtifact() throws IOException {
		Map<String, String> modules = new TreeMap<>();
		Matcher module = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
		while (module.find()) {
			String folder = module.group(1);
			Matcher artifact = ARTIFACT_ID.matcher(Files.readString(ROOT.resolve(folder).resolve("pom.xml")));
			assertThat(artifact.find()).as(folder + "/pom.xml names its artifactId after its parent").isTrue();
			modules.put(folder + "/", artifact.group(1));
		}
		Map<String, String> documented = new TreeMap<>();
		for (List<String> row : table("| folder | artifact |")) {
			documented.put(code(row.get(0)), code(row.get(1)));
		}
		assertThat(documented).as("docs/architecture.md, 'Maven modules'").isEqualTo(modules);
	}

	@Test
	void apiTableNamesEveryPublicTypeOfTheApiPackages() throws IOException {
		Map<String, Set<String>> documented = new TreeMap<>();
		for (List<String> row : table("| package | public types |")) {
			documented.put(code(row.get(0)), codes(row.get(1)));
		}
		Set<String> apiPackages = apiPackages(ROOT.resolve("runtime/src/main/java"));
		assertThat(apiPackages).contains("dev.wasmspring.runtime", "dev.wasmspring.host");
		assertThat(documented.keySet()).as("docs/architecture.md, API table: one row per API package")
			.containsExactlyInAnyOrderElementsOf(apiPackages);
		Set<String> allPublic = new TreeSet<>();
		for (String apiPackage : apiPackages) {
			allPublic.addAll(publicTypes(ROOT.resolve("runtime/src/main/java"), apiPackage));
		}
		for (Map.Entry<String, Set<String>> entry : documented.entrySet()) {
			Set<String> types = publicTypes(ROOT.resolve("runtime/src/main/java"), entry.getKey());
			assertThat(types).as("public types of " + entry.getKey()).isNotEmpty();
			// the cell may name other things too (methods, enum constants): every public
			// type must be there
			assertThat(entry.getValue()).as("docs/architecture.md, API table, " + entry.getKey()).containsAll(types);
			Set<String> namedTypes = entry.getValue()
				.stream()
				.filter((name) -> name.matches("(Wasm|Wasi|Extism|Compil|Module)\\w*"))
				.filter((name) -> !name.contains("."))
				.collect(Collectors.toCollection(TreeSet::new));
			assertThat(allPublic).as("types named in the API table that are not public types of the API packages")
				.containsAll(namedTypes);
		}
	}

	@Test
	void springTableNamesEveryPackageOfTheSpringSideArtifacts() throws IOException {
		Map<String, String> packages = new TreeMap<>();
		packages.putAll(packagesOf("autoconfigure", "wasm-spring-boot-autoconfigure"));
		packages.putAll(packagesOf("test", "wasm-spring-boot-test"));
		Map<String, String> documented = new TreeMap<>();
		for (List<String> row : table("| package | artifact | holds |")) {
			documented.put(code(row.get(0)), code(row.get(1)));
		}
		assertThat(documented).as("docs/architecture.md, Spring-side packages").isEqualTo(packages);
	}

	private static Map<String, String> packagesOf(String folder, String artifact) throws IOException {
		Path sources = ROOT.resolve(folder).resolve("src/main/java");
		try (Stream<Path> files = Files.walk(sources)) {
			return files.filter((file) -> file.toString().endsWith(".java"))
				.map((file) -> sources.relativize(file.getParent()).toString().replace('/', '.'))
				.distinct()
				.collect(Collectors.toMap((name) -> name, (name) -> artifact));
		}
	}

	/** Every package of the runtime artifact that is not internal. */
	private static Set<String> apiPackages(Path sources) throws IOException {
		try (Stream<Path> files = Files.walk(sources)) {
			return files.filter((file) -> file.toString().endsWith(".java"))
				.map((file) -> sources.relativize(file.getParent()).toString().replace('/', '.'))
				.filter((name) -> !name.contains(".internal"))
				.collect(Collectors.toCollection(TreeSet::new));
		}
	}

	private static Set<String> publicTypes(Path sources, String packageName) throws IOException {
		Path folder = sources.resolve(packageName.replace('.', '/'));
		Set<String> types = new TreeSet<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				String name = file.getFileName().toString().replace(".java", "");
				Pattern declaration = Pattern.compile("(?m)^public\\s+(?:(?:final|abstract|sealed|non-sealed)\\s+)*"
						+ "(?:class|interface|record|enum|@interface)\\s+" + name + "\\b");
				if (declaration.matcher(Files.readString(file)).find()) {
					types.add(name);
				}
			}
		}
		return types;
	}

	/**
	 * The rows of the table whose header line starts with the given text, as trimmed
	 * cells.
	 */
	private static List<List<String>> table(String header) throws IOException {
		List<String> lines = Files.readAllLines(ROOT.resolve("docs/architecture.md"));
		int start = -1;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith(header)) {
				assertThat(start).as("one table starting with '" + header + "'").isEqualTo(-1);
				start = i;
			}
		}
		assertThat(start).as("docs/architecture.md has a table starting with '" + header + "'").isNotNegative();
		return lines.stream()
			.skip(start + 2)
			.takeWhile((line) -> line.startsWith("|"))
			.map((line) -> Stream.of(line.substring(1, line.length() - 1).split("\\|", -1)).map(String::trim).toList())
			.toList();
	}

	private static String code(String cell) {
		Matcher matcher = CODE.matcher(cell);
		assertThat(matcher.find()).as("a `name` in '" + cell + "'").isTrue();
		return matcher.group(1);
	}

	private static Set<String> codes(String cell) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = CODE.matcher(cell);
		while (matcher.find()) {
			names.add(matcher.group(1).replaceAll("^@", "").replaceAll("\\(.*$", ""));
		}
		return names;
	}

}
