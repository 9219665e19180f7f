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

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the guides' code working: every {@code java} block of docs/getting-started.md
 * compiles, as written, against the starter and Spring Boot's web starter, every
 * {@code java} block of docs/plain-java.md compiles against a class path without any
 * Spring jar, and the build files they show are complete and name this project's
 * artifacts and versions. The guide's application, built from its blocks as written,
 * answers over HTTP as the guide says. The architecture page lists exactly the files that
 * reference the engine.
 */
class DocumentationCodeTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Pattern TYPE_NAME = Pattern
		.compile("(?m)^(?:(?:public|final|abstract|sealed)\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");

	@TempDir
	Path output;

	@Test
	void gettingStartedJavaCompilesAgainstTheStarter() throws IOException {
		List<Snippet> snippets = snippets("getting-started.md", "java");
		assertThat(snippets).extracting(Snippet::code)
			.anySatisfy((code) -> assertThat(code).contains("@SpringBootApplication"))
			.anySatisfy((code) -> assertThat(code).contains("WasmInstances"))
			.anySatisfy((code) -> assertThat(code).contains("@WasmImport"));
		assertThat(compile(snippets, testClassPath())).as("java blocks that do not compile").isEmpty();
	}

	@Test
	void gettingStartedApplicationAnswersOverHttpAsTheGuideSays() throws Exception {
		assertThat(compile(snippets("getting-started.md", "java"), testClassPath())).isEmpty();
		Path configuration = Files.writeString(this.output.resolve("application.yml"),
				snippets("getting-started.md", "yaml").get(0).code());
		// the guide's plugin is the test module greeter.wasm, at the location its
		// configuration names
		assertThat(Files.readString(configuration)).contains("location: classpath:wasm/greeter.wasm");
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		try (URLClassLoader guide = new URLClassLoader(new URL[] { this.output.toUri().toURL() },
				getClass().getClassLoader())) {
			thread.setContextClassLoader(guide);
			SpringApplication application = new SpringApplication(new DefaultResourceLoader(guide),
					guide.loadClass("com.example.demo.DemoApplication"));
			try (ConfigurableApplicationContext context = application.run("--server.port=0",
					"--spring.config.location=file:" + configuration)) {
				String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
				assertThat(get(base + "/greet?name=Ada")).isEqualTo("Welcome back, Ada!");
				assertThat(get(base + "/greet?name=Bob")).isEqualTo("Hello, Bob!");
				// the same plugin through the guide's @WasmPlugin interface
				assertThat(get(base + "/greet-typed?name=Ada")).isEqualTo("Welcome back, Ada!");
			}
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static String get(String url) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("status of %s: %s", url, response.body()).isEqualTo(200);
		return response.body();
	}

	@Test
	void plainJavaCompilesWithoutSpring() throws IOException {
		List<Snippet> snippets = snippets("plain-java.md", "java");
		assertThat(snippets).extracting(Snippet::code)
			.anySatisfy((code) -> assertThat(code).contains("WasmRuntime.builder()"))
			.anySatisfy((code) -> assertThat(code).contains("implements WasmHostFunction"));
		assertThat(compile(snippets, springFreeClassPath())).as("java blocks that do not compile without Spring")
			.isEmpty();
	}

	@Test
	void theSpringFreeClassPathHasNoSpring() throws IOException {
		Snippet usesSpring = new Snippet("a check of this test", 1, "package com.example;\n\n"
				+ "import org.springframework.stereotype.Component;\n\n@Component\nclass UsesSpring {\n}\n");
		assertThat(compile(List.of(usesSpring), springFreeClassPath()))
			.contains("package org.springframework.stereotype does not exist");
		assertThat(compile(List.of(usesSpring), testClassPath())).isEmpty();
	}

	@Test
	void aSnippetThatDoesNotCompileIsReportedWithItsPageLineAndMessage() throws IOException {
		Snippet broken = new Snippet("docs/example.md", 42,
				"package com.example;\n\nclass Broken {\n\n\tint answer() {\n\t\treturn \"42\";\n\t}\n\n}\n");
		assertThat(compile(List.of(broken), testClassPath())).contains("docs/example.md, java block at line 42")
			.contains("line 6 of the block")
			.contains("incompatible types: java.lang.String cannot be converted to int")
			.contains("return \"42\";");
	}

	@Test
	void gettingStartedPomIsACompleteProjectOnThisProjectsVersions() throws Exception {
		List<Snippet> poms = snippets("getting-started.md", "xml");
		assertThat(poms).hasSize(1);
		Document pom = parse(poms.get(0).code());
		Document ours = parse(Files.readString(ROOT.resolve("pom.xml")));
		XPath xpath = XPathFactory.newInstance().newXPath();
		assertThat(xpath.evaluate("/project/modelVersion", pom)).isEqualTo("4.0.0");
		assertThat(xpath.evaluate("/project/parent/artifactId", pom)).isEqualTo("spring-boot-starter-parent");
		assertThat(xpath.evaluate("/project/parent/version", pom))
			.isEqualTo(xpath.evaluate("/project/properties/spring-boot.version", ours));
		assertThat(xpath.evaluate("/project/groupId", pom)).isNotBlank();
		assertThat(xpath.evaluate("/project/artifactId", pom)).isEqualTo("demo");
		assertThat(xpath.evaluate("/project/version", pom)).isEqualTo("0.0.1-SNAPSHOT");
		assertThat(xpath.evaluate("/project/properties/java.version", pom))
			.isEqualTo(xpath.evaluate("/project/properties/maven.compiler.release", ours));
		assertThat(
				xpath.evaluate("/project/dependencies/dependency[artifactId='wasm-spring-boot-starter']/groupId", pom))
			.isEqualTo("dev.wasmspring");
		// the version comes from the imported BOM, at this project's version
		assertThat(
				xpath.evaluate("/project/dependencies/dependency[artifactId='wasm-spring-boot-starter']/version", pom))
			.isEmpty();
		String bom = "/project/dependencyManagement/dependencies/dependency[artifactId='wasm-spring-boot-dependencies']";
		assertThat(xpath.evaluate(bom + "/groupId", pom)).isEqualTo("dev.wasmspring");
		assertThat(xpath.evaluate(bom + "/version", pom)).isEqualTo(xpath.evaluate("/project/version", ours));
		assertThat(xpath.evaluate(bom + "/type", pom)).isEqualTo("pom");
		assertThat(xpath.evaluate(bom + "/scope", pom)).isEqualTo("import");
		assertThat(
				xpath.evaluate("count(/project/dependencies/dependency[artifactId='spring-boot-starter-webmvc'])", pom))
			.isEqualTo("1");
		assertThat(xpath.evaluate("/project/build/plugins/plugin/artifactId", pom))
			.isEqualTo("spring-boot-maven-plugin");
	}

	@Test
	void gettingStartedGradleBuildImportsTheSameBomAndStarter() throws Exception {
		List<Snippet> builds = snippets("getting-started.md", "kotlin");
		assertThat(builds).hasSize(1);
		String build = builds.get(0).code();
		Document ours = parse(Files.readString(ROOT.resolve("pom.xml")));
		XPath xpath = XPathFactory.newInstance().newXPath();
		assertThat(build)
			.contains("id(\"org.springframework.boot\") version \""
					+ xpath.evaluate("/project/properties/spring-boot.version", ours) + "\"")
			.contains("implementation(platform(\"dev.wasmspring:wasm-spring-boot-dependencies:"
					+ xpath.evaluate("/project/version", ours) + "\"))")
			.contains("implementation(\"dev.wasmspring:wasm-spring-boot-starter\")")
			.contains("implementation(\"org.springframework.boot:spring-boot-starter-webmvc\")")
			.contains("JavaLanguageVersion.of(" + xpath.evaluate("/project/properties/maven.compiler.release", ours)
					+ ")")
			.contains("mavenLocal()");
	}

	@Test
	void plainJavaDependencyIsTheRuntimeArtifactAlone() throws Exception {
		List<Snippet> dependencies = snippets("plain-java.md", "xml");
		assertThat(dependencies).hasSize(1);
		Document dependency = parse(dependencies.get(0).code());
		Document ours = parse(Files.readString(ROOT.resolve("pom.xml")));
		XPath xpath = XPathFactory.newInstance().newXPath();
		assertThat(xpath.evaluate("/dependency/groupId", dependency)).isEqualTo("dev.wasmspring");
		assertThat(xpath.evaluate("/dependency/artifactId", dependency)).isEqualTo("wasm-spring-boot-runtime");
		assertThat(xpath.evaluate("/dependency/version", dependency))
			.isEqualTo(xpath.evaluate("/project/version", ours));
	}

	@Test
	void gettingStartedFinalPluginIsTheTestModuleThePlainJavaExampleRuns() throws IOException {
		List<Snippet> plugins = snippets("getting-started.md", "c");
		String source = Files.readString(ROOT.resolve("testing-wasm/src/greeter.c"));
		String withoutHeader = source.substring(source.indexOf("#include"));
		assertThat(plugins.get(plugins.size() - 1).code()).isEqualTo(withoutHeader);
	}

	@Test
	void architecturePageListsExactlyTheFilesThatReferenceTheEngine() throws IOException {
		Path sources = ROOT.resolve("runtime/src/main/java/dev/wasmspring/runtime");
		List<String> referencing;
		try (var files = Files.walk(sources)) {
			referencing = files.filter((file) -> file.toString().endsWith(".java"))
				.filter((file) -> read(file).contains("com.dylibso"))
				.map((file) -> sources.relativize(file).toString().replace(File.separatorChar, '/'))
				.sorted()
				.toList();
		}
		String page = Files.readString(ROOT.resolve("docs/architecture.md"));
		List<String> listed = Pattern.compile("(?m)^\\| `(internal/[^`]+\\.java)` \\|")
			.matcher(page)
			.results()
			.map((match) -> match.group(1))
			.sorted()
			.toList();
		assertThat(referencing).isNotEmpty().allSatisfy((file) -> assertThat(file).startsWith("internal/"));
		assertThat(listed).as("files in the table of docs/architecture.md, 'Moving to Endive'")
			.containsExactlyElementsOf(referencing);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/**
	 * Compile snippets together, each as its own source file, and describe every error:
	 * the page and line of the snippet, the compiler's message, and the snippet itself.
	 */
	private String compile(List<Snippet> snippets, String classPath) throws IOException {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
			List<SnippetSource> sources = snippets.stream().map(SnippetSource::new).toList();
			// -parameters, as spring-boot-starter-parent compiles the guide's project
			List<String> options = List.of("-classpath", classPath, "-d", this.output.toString(), "-proc:none",
					"--release", "17", "-parameters");
			compiler.getTask(null, files, diagnostics, options, null, sources).call();
		}
		return diagnostics.getDiagnostics()
			.stream()
			.filter((diagnostic) -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
			.map(DocumentationCodeTests::describe)
			.collect(Collectors.joining("\n\n"));
	}

	private static String describe(Diagnostic<? extends JavaFileObject> diagnostic) {
		if (!(diagnostic.getSource() instanceof SnippetSource source)) {
			return diagnostic.getMessage(Locale.ROOT);
		}
		Snippet snippet = source.snippet;
		return snippet.page() + ", java block at line " + snippet.line() + ": line " + diagnostic.getLineNumber()
				+ " of the block: " + diagnostic.getMessage(Locale.ROOT) + "\n" + snippet.code();
	}

	private static List<Snippet> snippets(String page, String language) throws IOException {
		List<String> lines = Files.readAllLines(ROOT.resolve("docs").resolve(page));
		List<Snippet> snippets = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).equals("```" + language)) {
				int start = i + 1;
				StringBuilder code = new StringBuilder();
				for (i = start; !lines.get(i).equals("```"); i++) {
					code.append(lines.get(i)).append('\n');
				}
				snippets.add(new Snippet("docs/" + page, start + 1, code.toString()));
			}
		}
		assertThat(snippets).as("%s blocks in docs/%s", language, page).isNotEmpty();
		return snippets;
	}

	private static String testClassPath() {
		return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
	}

	/**
	 * The test class path without Spring's jars and without the auto-configuration, which
	 * needs them.
	 */
	private static String springFreeClassPath() throws IOException {
		List<String> kept = new ArrayList<>();
		for (String entry : testClassPath().split(File.pathSeparator)) {
			Path path = Path.of(entry);
			if (!contains(path, "org/springframework/") && !contains(path, "dev/wasmspring/autoconfigure/")) {
				kept.add(entry);
			}
		}
		return String.join(File.pathSeparator, kept);
	}

	private static boolean contains(Path entry, String directory) throws IOException {
		if (Files.isDirectory(entry)) {
			return Files.isDirectory(entry.resolve(directory));
		}
		if (!Files.isRegularFile(entry)) {
			return false;
		}
		try (ZipFile jar = new ZipFile(entry.toFile())) {
			return jar.stream().anyMatch((file) -> file.getName().startsWith(directory));
		}
	}

	private static Document parse(String xml) throws Exception {
		return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
	}

	record Snippet(String page, int line, String code) {
	}

	private static final class SnippetSource extends SimpleJavaFileObject {

		private final Snippet snippet;

		SnippetSource(Snippet snippet) {
			super(URI.create("snippet:///" + snippet.page().replaceAll("[^A-Za-z0-9.-]", "_") + "/line" + snippet.line()
					+ "/" + typeName(snippet) + ".java"), Kind.SOURCE);
			this.snippet = snippet;
		}

		private static String typeName(Snippet snippet) {
			Matcher matcher = TYPE_NAME.matcher(snippet.code());
			if (!matcher.find()) {
				throw new IllegalArgumentException(snippet.page() + ", java block at line " + snippet.line()
						+ " declares no type: every java block of a guide is a whole source file.\n" + snippet.code());
			}
			return matcher.group(1);
		}

		@Override
		public CharSequence getCharContent(boolean ignoreEncodingErrors) {
			return this.snippet.code();
		}

	}

}
