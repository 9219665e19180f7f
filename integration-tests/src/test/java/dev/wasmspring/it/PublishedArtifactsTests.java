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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the reactor's {@code package} phase leaves for a release: every published artifact
 * with its sources and javadoc jars, the module name in each jar's manifest, and the pom
 * that is installed and deployed (the flattened one) complete and free of unresolved
 * properties. The integration tests run after every published module is packaged (this
 * module depends on all of them), so the files are those of this build.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PublishedArtifactsTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final String VERSION = System.getProperty("wasm.project.version", "");

	/** folder, artifactId, Automatic-Module-Name of every published jar module */
	private static final List<List<String>> JAR_MODULES = List.of(
			List.of("runtime", "wasm-spring-boot-runtime", "dev.wasmspring.runtime"),
			List.of("maven-plugin", "wasm-maven-plugin", "dev.wasmspring.maven"),
			List.of("autoconfigure", "wasm-spring-boot-autoconfigure", "dev.wasmspring.autoconfigure"),
			List.of("starter", "wasm-spring-boot-starter", "dev.wasmspring.starter"),
			List.of("test", "wasm-spring-boot-test", "dev.wasmspring.test"));

	@Test
	void theBuildKnowsTheProjectVersion() {
		assertThat(VERSION).as("system property wasm.project.version, set by this module's pom").isNotBlank();
	}

	@Test
	void everyPublishedJarComesWithSourcesAndJavadocAndNamesItsModule() throws IOException {
		for (List<String> module : JAR_MODULES) {
			Path target = ROOT.resolve(module.get(0)).resolve("target");
			String base = module.get(1) + "-" + VERSION;
			Path main = target.resolve(base + ".jar");
			Path sources = target.resolve(base + "-sources.jar");
			Path javadoc = target.resolve(base + "-javadoc.jar");
			assertThat(main).as(module.get(1) + " main jar").isRegularFile();
			assertThat(sources).as(module.get(1) + " sources jar").isRegularFile();
			assertThat(javadoc).as(module.get(1) + " javadoc jar").isRegularFile();
			try (JarFile jar = new JarFile(main.toFile())) {
				Manifest manifest = jar.getManifest();
				assertThat(manifest).as(main + " manifest").isNotNull();
				assertThat(manifest.getMainAttributes().getValue("Automatic-Module-Name"))
					.as(main + " Automatic-Module-Name")
					.isEqualTo(module.get(2));
			}
			if (!module.get(0).equals("starter")) {
				assertThat(entries(sources)).as(sources + " holds the Java sources")
					.anyMatch((n) -> n.endsWith(".java"));
				assertThat(entries(javadoc)).as(javadoc + " holds the API pages").contains("index.html");
			}
		}
	}

	@Test
	void everyPublishedPomIsFlattenedWithItsMetadataAndNoPropertyLeft() throws Exception {
		List<String> folders = new ArrayList<>(JAR_MODULES.stream().map((m) -> m.get(0)).toList());
		folders.add("bom");
		for (String folder : folders) {
			Path pom = ROOT.resolve(folder).resolve("target/flattened-pom.xml");
			assertThat(pom).as(folder + ": the pom that is installed and deployed").isRegularFile();
			String text = Files.readString(pom);
			assertThat(text).as(pom + " has no unresolved property").doesNotContain("${");
			Document document = parse(pom);
			assertThat(text(document, "/project/parent/artifactId")).as(pom + " names no parent").isEmpty();
			assertThat(text(document, "/project/version")).as(pom + " version").isEqualTo(VERSION);
			assertThat(text(document, "/project/name")).as(pom + " name").isNotBlank();
			assertThat(text(document, "/project/description")).as(pom + " description").isNotBlank();
			assertThat(text(document, "/project/url")).as(pom + " url").startsWith("https://");
			assertThat(text(document, "/project/licenses/license/name")).as(pom + " licence")
				.isEqualTo("Apache License, Version 2.0");
			assertThat(text(document, "/project/scm/url")).as(pom + " scm").startsWith("https://");
			assertThat(text(document, "/project/scm/connection")).as(pom + " scm connection").startsWith("scm:git:");
			assertThat(text(document, "/project/developers/developer/name")).as(pom + " developers").isNotBlank();
			assertThat(text(document, "/project/issueManagement/url")).as(pom + " issue tracker")
				.startsWith("https://");
		}
	}

	@Test
	void theBomManagesEveryPublishedArtifactAtTheProjectVersionAndNothingElse() throws Exception {
		Document bom = parse(ROOT.resolve("bom/target/flattened-pom.xml"));
		assertThat(text(bom, "/project/artifactId")).isEqualTo("wasm-spring-boot-dependencies");
		assertThat(text(bom, "/project/packaging")).isEqualTo("pom");
		NodeList dependencies = (NodeList) xpath().evaluate("/project/dependencyManagement/dependencies/dependency",
				bom, XPathConstants.NODESET);
		Map<String, String> managed = new java.util.TreeMap<>();
		for (int i = 0; i < dependencies.getLength(); i++) {
			org.w3c.dom.Node dependency = dependencies.item(i);
			managed.put(xpath().evaluate("groupId", dependency) + ":" + xpath().evaluate("artifactId", dependency),
					xpath().evaluate("version", dependency));
		}
		Map<String, String> expected = JAR_MODULES.stream()
			.collect(Collectors.toMap((m) -> "dev.wasmspring:" + m.get(1), (m) -> VERSION, (a, b) -> a,
					java.util.TreeMap::new));
		assertThat(managed).isEqualTo(expected);
	}

	@Test
	void theReactorPublishesOnlyTheLibraryModules() throws Exception {
		for (String folder : List.of("sample-app", "integration-tests", "benchmarks")) {
			Document pom = parse(ROOT.resolve(folder).resolve("pom.xml"));
			assertThat(text(pom, "/project/properties/*[local-name()='maven.deploy.skip']")).as(folder + " deploys")
				.isIn("", "true");
		}
		for (String folder : List.of("bom", "runtime", "maven-plugin", "autoconfigure", "starter", "test")) {
			Document pom = parse(ROOT.resolve(folder).resolve("pom.xml"));
			assertThat(text(pom, "/project/properties/*[local-name()='maven.deploy.skip']")).as(folder + " deploys")
				.isEqualTo("false");
		}
		Document parent = parse(ROOT.resolve("pom.xml"));
		assertThat(text(parent, "/project/properties/*[local-name()='maven.deploy.skip']"))
			.as("modules are not deployed unless they say so")
			.isEqualTo("true");
	}

	private static List<String> entries(Path jar) throws IOException {
		try (JarFile file = new JarFile(jar.toFile())) {
			return file.stream().map((e) -> e.getName()).toList();
		}
	}

	private static Document parse(Path pom) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		try (InputStream in = Files.newInputStream(pom)) {
			return factory.newDocumentBuilder().parse(in);
		}
	}

	private static XPath xpath() {
		return XPathFactory.newInstance().newXPath();
	}

	private static String text(Document document, String expression) throws Exception {
		return xpath().evaluate(expression, document).trim();
	}

}
