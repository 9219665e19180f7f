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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplicationAotProcessor;
import org.springframework.context.aot.AbstractAotProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The getting-started guide's application, as written (its {@code @WasmPlugin} interface
 * {@code Greeter} is package-private), goes through what {@code spring-boot:process-aot}
 * does: Spring AOT processes it, the generated code compiles, and the application started
 * from that code answers as the guide says.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // compiles twice, processes and starts an
												// application: 20-80 s
class GettingStartedAotTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");

	private static final Pattern TYPE_NAME = Pattern
		.compile("(?m)^(?:(?:public|final|abstract|sealed)\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");

	@TempDir
	Path output;

	@Test
	void theGuidesApplicationIsProcessedAheadOfTimeAndServesFromTheGeneratedCode() throws Exception {
		String guide = Files.readString(ROOT.resolve("docs/getting-started.md"));
		assertThat(guide).contains("@WasmPlugin(\"greeter\")\ninterface Greeter {");
		Path classes = Files.createDirectories(this.output.resolve("classes"));
		Path sources = Files.createDirectories(this.output.resolve("sources"));
		// the guide's last version of each file, as a reader who follows it ends up with
		Matcher blocks = JAVA_BLOCK.matcher(guide);
		while (blocks.find()) {
			Matcher type = TYPE_NAME.matcher(blocks.group(1));
			assertThat(type.find()).as("a type in %s", blocks.group(1)).isTrue();
			Files.writeString(sources.resolve(type.group(1) + ".java"), blocks.group(1));
		}
		assertThat(compile(sources, classes)).as("the guide's code").isEmpty();
		Path configuration = Files.writeString(this.output.resolve("application.yml"),
				guide.substring(guide.indexOf("```yaml\n") + 8, guide.indexOf("```", guide.indexOf("```yaml\n") + 8)));
		String[] arguments = { "--server.port=0", "--spring.config.location=file:" + configuration };

		Path generated = this.output.resolve("generated");
		withClassLoader(List.of(classes), (loader) -> {
			AbstractAotProcessor.Settings settings = AbstractAotProcessor.Settings.builder()
				.sourceOutput(generated.resolve("sources"))
				.resourceOutput(generated.resolve("resources"))
				.classOutput(generated.resolve("classes"))
				.groupId("com.example")
				.artifactId("demo")
				.build();
			new SpringApplicationAotProcessor(loader.loadClass("com.example.demo.DemoApplication"), settings, arguments)
				.process();
			return null;
		});
		// process-aot deletes its outputs first: its classes go beside the application's,
		// as in the build
		Path generatedClasses = generated.resolve("classes");
		assertThat(compile(generated.resolve("sources"), generatedClasses, classes)).as("the code Spring AOT generated")
			.isEmpty();

		// started as "java -Dspring.aot.enabled=true" would start the built jar:
		// generated classes in Spring's and
		// the starter's packages must share their class loader
		List<String> classPath = new ArrayList<>(List.of(classes.toString(), generatedClasses.toString(),
				generated.resolve("resources").toString(), testClassPath()));
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dspring.aot.enabled=true",
						"-cp", String.join(java.io.File.pathSeparator, classPath), "com.example.demo.DemoApplication"));
		command.addAll(List.of(arguments));
		Path log = this.output.resolve("application.log");
		Process application = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			int port = port(application, log);
			String base = "http://localhost:" + port;
			assertThat(get(base + "/greet-typed?name=Ada")).isEqualTo("Welcome back, Ada!");
			assertThat(get(base + "/greet?name=Bob")).isEqualTo("Hello, Bob!");
			assertThat(Files.readString(log)).as("started from the generated code")
				.doesNotContain("AotInitializerNotFound");
		}
		finally {
			application.destroy();
			application.waitFor(10, TimeUnit.SECONDS);
			application.destroyForcibly();
		}
	}

	/**
	 * Waits for the application's web server, answering its port, or fails with its
	 * output.
	 */
	private static int port(Process application, Path log) throws Exception {
		Pattern started = Pattern.compile("started on port (\\d+)");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (System.nanoTime() < deadline) {
			Matcher matcher = started.matcher(Files.readString(log));
			if (matcher.find()) {
				return Integer.parseInt(matcher.group(1));
			}
			assertThat(application.isAlive()).as("the application is running: %s", Files.readString(log)).isTrue();
			Thread.sleep(100);
		}
		throw new AssertionError("The application did not start in 90 s: " + Files.readString(log));
	}

	private static String testClassPath() {
		return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
	}

	private static <T> T withClassLoader(List<Path> classes, ClassLoaderAction<T> action) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		List<URL> urls = new ArrayList<>();
		for (Path directory : classes) {
			urls.add(directory.toUri().toURL());
		}
		try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
				GettingStartedAotTests.class.getClassLoader())) {
			thread.setContextClassLoader(loader);
			return action.run(loader);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/**
	 * Compiles every Java file under a directory, as the guide's project's build does;
	 * answers the errors.
	 */
	private static String compile(Path sources, Path classes, Path... classPath) throws IOException {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(sources)) {
			files = walk.filter((path) -> path.toString().endsWith(".java")).toList();
		}
		assertThat(files).as("Java files under %s", sources).isNotEmpty();
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
			Files.createDirectories(classes);
			List<String> entries = new ArrayList<>(List.of(classes.toString()));
			Stream.of(classPath).map(Path::toString).forEach(entries::add);
			entries.add(testClassPath());
			List<String> options = new ArrayList<>(
					List.of("-classpath", String.join(java.io.File.pathSeparator, entries), "-d", classes.toString(),
							"-proc:none", "--release", "17", "-parameters"));
			compiler
				.getTask(null, fileManager, diagnostics, options, null, fileManager.getJavaFileObjectsFromPaths(files))
				.call();
		}
		return diagnostics.getDiagnostics()
			.stream()
			.filter((diagnostic) -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
			.map((diagnostic) -> diagnostic.getSource().getName() + ":" + diagnostic.getLineNumber() + ": "
					+ diagnostic.getMessage(Locale.ROOT))
			.collect(Collectors.joining("\n"));
	}

	private static String get(String url) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("status of %s: %s", url, response.body()).isEqualTo(200);
		return response.body();
	}

	@FunctionalInterface
	private interface ClassLoaderAction<T> {

		T run(URLClassLoader loader) throws Exception;

	}

}
