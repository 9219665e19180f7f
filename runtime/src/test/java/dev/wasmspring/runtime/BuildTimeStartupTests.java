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

package dev.wasmspring.runtime;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.internal.compile.BuildTimeCode;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh JVM that runs a module compiled at build time loads neither the engine's parser
 * nor its compiler (the module's sections are read without the parser, and its classes
 * come from the build), nor machinery its first call does not need; and a
 * class-data-sharing archive of a training run serves the runtime's classes.
 */
@Timeout(120)
class BuildTimeStartupTests {

	@TempDir
	Path classes;

	@Test
	void aFreshJvmRunsBuildTimeCodeWithoutLoadingTheEnginesParserOrCompiler() throws Exception {
		byte[] bytes = TestModules.bytes("counter.wasm");
		Path file = this.classes.resolve(BuildTimeCode.resourceName(BuildTimeCode.digest(bytes)));
		Files.createDirectories(file.getParent());
		Files.write(file, BuildTimeCode.compile(bytes, "counter.wasm"));
		Path module = this.classes.resolve("counter.wasm");
		Files.write(module, bytes);
		Map<String, String> result = ForkedJvm.run(BuildTimeApplication.class, 100,
				List.of("-Xlog:class+load=info", "-Djava.lang.invoke.MethodHandle.TRACE_METHOD_LINKAGE=true"),
				this.classes.toString(), module.toString());
		String output = result.get("output");
		assertThat(result).containsEntry("buildTimeLoads", "1")
			.containsEntry("compilations", "0")
			.containsEntry("answer", "1");
		// the log names each class as it is loaded: the runtime's own classes are there
		assertThat(output).contains(" dev.wasmspring.runtime.internal.compile.BuildTimeCode source:")
			.doesNotContain(" com.dylibso.chicory.wasm.Parser source:")
			.doesNotContain(" com.dylibso.chicory.compiler.internal.Compiler source:")
			.doesNotContain(" com.dylibso.chicory.compiler.MachineFactoryCompiler source:")
			// code whose record says every function is compiled never reaches the
			// interpreter, nor is it searched for calls into it
			.doesNotContain(" com.dylibso.chicory.runtime.internal.CompilerInterpreterMachine source:")
			// nor what the first call does not need: the management interface (read for
			// the default limit of open WASI files, only once a guest opens one) ...
			.doesNotContain(" java.lang.management.ManagementFactory source:")
			// ... the HTTP client and its executors (a module source describes its
			// location without them) ...
			.doesNotContain(" dev.wasmspring.runtime.internal.net.HttpExchange source:")
			// ... or the bootstrap of records' generated equals and hashCode
			.doesNotContainPattern("linkCallSite dev\\.wasmspring\\S* java\\.lang\\.runtime\\.ObjectMethods");
	}

	@Test
	void aClassDataSharingArchiveOfATrainingRunServesTheRuntimesClassesBesideBuildTimeCode() throws Exception {
		byte[] bytes = TestModules.bytes("counter.wasm");
		Path file = this.classes.resolve(BuildTimeCode.resourceName(BuildTimeCode.digest(bytes)));
		Files.createDirectories(file.getParent());
		Files.write(file, BuildTimeCode.compile(bytes, "counter.wasm"));
		Path module = this.classes.resolve("counter.wasm");
		Files.write(module, bytes);
		Path archive = this.classes.resolve("application.jsa");
		// an application's classes come in jars, which is what the archive holds
		String classPath = jarredClassPath(Files.createDirectories(this.classes.resolve("jars")));
		// the training run: the JVM writes the classes it loaded when it exits
		Map<String, String> training = ForkedJvm.run(classPath, BuildTimeApplication.class, 100,
				List.of("-XX:ArchiveClassesAtExit=" + archive), this.classes.toString(), module.toString());
		assertThat(training).containsEntry("buildTimeLoads", "1").containsEntry("answer", "1");
		assertThat(archive).exists();
		Map<String, String> result = ForkedJvm.run(classPath, BuildTimeApplication.class, 100,
				List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info"), this.classes.toString(),
				module.toString());
		assertThat(result).containsEntry("buildTimeLoads", "1")
			.containsEntry("compilations", "0")
			.containsEntry("answer", "1");
		// the runtime's and the engine's classes come from the archive; the module's own
		// classes, defined from the build's code file, do not
		assertThat(result.get("output"))
			.contains(" dev.wasmspring.runtime.internal.compile.ModuleSections source: shared objects file")
			.contains(" com.dylibso.chicory.runtime.Instance source: shared objects file");
	}

	/**
	 * This JVM's class path (a launcher jar's {@code Class-Path} expanded), with each
	 * directory on it packed into a jar of its own.
	 */
	private static String jarredClassPath(Path jars) throws IOException {
		List<Path> entries = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			Path path = Path.of(entry);
			String launcherPath = null;
			if (Files.isRegularFile(path)) {
				try (JarFile jar = new JarFile(path.toFile())) {
					Manifest manifest = jar.getManifest();
					launcherPath = (manifest != null) ? manifest.getMainAttributes().getValue("Class-Path") : null;
				}
			}
			if (launcherPath == null) {
				entries.add(path);
				continue;
			}
			for (String url : launcherPath.trim().split("\\s+")) {
				entries.add(Path.of(URI.create(url)));
			}
		}
		List<String> classPath = new ArrayList<>();
		for (Path entry : entries) {
			if (!Files.isDirectory(entry)) {
				classPath.add(entry.toString());
				continue;
			}
			Path jar = jars.resolve(classPath.size() + ".jar");
			try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
					Stream<Path> files = Files.walk(entry)) {
				for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
					out.putNextEntry(new JarEntry(entry.relativize(file).toString().replace(File.separatorChar, '/')));
					out.write(Files.readAllBytes(file));
					out.closeEntry();
				}
			}
			classPath.add(jar.toString());
		}
		return String.join(File.pathSeparator, classPath);
	}

	/** Runs a module compiled at build time (found through the context class loader). */
	static final class BuildTimeApplication {

		private BuildTimeApplication() {
		}

		public static void main(String[] args) throws Exception {
			byte[] bytes = Files.readAllBytes(Path.of(args[1]));
			Thread thread = Thread.currentThread();
			try (URLClassLoader loader = new URLClassLoader(new URL[] { Path.of(args[0]).toUri().toURL() },
					thread.getContextClassLoader())) {
				thread.setContextClassLoader(loader);
				CompilationCache cache = CompilationCache.create();
				try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build()) {
					runtime.define(WasmModuleDefinition.of("counter", ModuleSource.of("memory:counter", bytes)));
					try (WasmInstance instance = runtime.newInstance("counter")) {
						instance.callRaw("_initialize");
						System.out.println("answer=" + instance.callRaw("increment")[0]);
					}
					String digest = CompilationCache.sha256(bytes);
					System.out.println("buildTimeLoads=" + cache.buildTimeLoads(digest));
					System.out.println("compilations=" + cache.compilations(digest));
				}
			}
		}

	}

}
