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

package dev.wasmspring.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.internal.compile.BuildTimeCode;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The {@code compile-modules} goal: compiles the application's WebAssembly modules (the
 * {@code .wasm} files under its resources) into JVM classes, put into the build's output
 * directory under {@code META-INF/wasm-spring-boot/compiled/}, one file per module
 * digest. At run time the starter finds them there and uses them instead of compiling,
 * when they were compiled from the same bytes by the same engine version; otherwise it
 * compiles and logs why. Bound to {@code process-classes} by default.
 * <p>
 * Parameters are injected by Maven from the plugin descriptor
 * ({@code META-INF/maven/plugin.xml}).
 */
public class CompileModulesMojo extends AbstractMojo {

	private static final String DEFAULT_INCLUDE = "**/*.wasm";

	/** The directory whose modules are compiled. */
	private File directory;

	/** Glob patterns, relative to the directory, of the modules to compile. */
	private String[] includes;

	/** The directory the compiled code goes to, normally the classes directory. */
	private File outputDirectory;

	/** Whether to also compile each module as it runs with a fuel budget. */
	private boolean fuel;

	/** Whether a module the engine cannot compile fails the build. */
	private boolean failOnError = true;

	/** Whether to skip the goal. */
	private boolean skip;

	public CompileModulesMojo() {
	}

	CompileModulesMojo(File directory, String[] includes, File outputDirectory, boolean fuel, boolean failOnError) {
		this.directory = directory;
		this.includes = includes;
		this.outputDirectory = outputDirectory;
		this.fuel = fuel;
		this.failOnError = failOnError;
	}

	@Override
	public void execute() throws MojoExecutionException, MojoFailureException {
		if (this.skip) {
			getLog().info("Compiling WASM modules at build time skipped");
			return;
		}
		Path root = this.directory.toPath();
		if (!Files.isDirectory(root)) {
			getLog().info("No WASM modules to compile: " + root + " does not exist");
			return;
		}
		long started = System.nanoTime();
		List<Path> modules = modules(root);
		Path target = this.outputDirectory.toPath();
		int written = 0;
		int current = 0;
		long bytes = 0;
		for (Path module : modules) {
			String name = root.relativize(module).toString().replace(File.separatorChar, '/');
			byte[] code;
			try {
				code = Files.readAllBytes(module);
			}
			catch (IOException ex) {
				throw new MojoExecutionException("Cannot read WASM module " + module, ex);
			}
			List<byte[]> variants = new ArrayList<>();
			variants.add(code);
			if (this.fuel) {
				try {
					variants.add(BuildTimeCode.metered(code));
				}
				catch (RuntimeException ex) {
					getLog().warn("WASM module " + name + " cannot be rewritten to meter fuel (" + ex.getMessage()
							+ "): only its code without fuel is compiled at build time");
				}
			}
			for (byte[] variant : variants) {
				Path file = target.resolve(BuildTimeCode.resourceName(BuildTimeCode.digest(variant)));
				if (Files.isRegularFile(file) && isCurrent(file)) {
					current++;
					continue;
				}
				byte[] compiled;
				try {
					compiled = BuildTimeCode.compile(variant, name);
				}
				catch (WasmException | IllegalStateException ex) {
					String message = "WASM module " + name + " cannot be compiled at build time: " + ex.getMessage();
					if (this.failOnError) {
						throw new MojoFailureException(message + "; fix the module, remove it from the goal's "
								+ "includes, or set failOnError to false to have it compiled when it is loaded");
					}
					getLog().warn(message + "; it will be compiled when it is loaded");
					continue;
				}
				if (BuildTimeCode.leavesFunctionsToTheInterpreter(compiled)) {
					// the runtime would not use it: the interpreter needs the module
					// parsed
					getLog().warn("WASM module " + name + " has a function too large for one JVM method, which runs "
							+ "on the interpreter: it is not compiled at build time and will be compiled when it is "
							+ "loaded");
					continue;
				}
				write(file, compiled);
				written++;
				bytes += compiled.length;
			}
		}
		getLog().info("Compiled " + written + " WASM module" + ((written != 1) ? "s" : "") + " at build time ("
				+ (bytes / 1024) + " KB of classes, engine " + BuildTimeCode.engineVersion() + ") in "
				+ (System.nanoTime() - started) / 1_000_000 + " ms"
				+ ((current > 0) ? "; " + current + " up to date" : "") + ", into "
				+ target.resolve(BuildTimeCode.LOCATION));
	}

	private List<Path> modules(Path root) throws MojoExecutionException {
		String[] patterns = (this.includes != null && this.includes.length > 0) ? this.includes
				: new String[] { DEFAULT_INCLUDE };
		List<PathMatcher> matchers = new ArrayList<>();
		for (String pattern : patterns) {
			matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
			if (pattern.startsWith("**/")) {
				// "**/" also matches no directory at all
				matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
			}
		}
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter(Files::isRegularFile)
				.filter((file) -> matchers.stream().anyMatch((matcher) -> matcher.matches(root.relativize(file))))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new MojoExecutionException("Cannot list WASM modules under " + root, ex);
		}
	}

	/** Whether a file written before was compiled by this engine version. */
	private static boolean isCurrent(Path file) {
		try {
			return BuildTimeCode.isCompiledByThisEngine(Files.readAllBytes(file));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void write(Path file, byte[] compiled) throws MojoExecutionException {
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, compiled);
		}
		catch (IOException ex) {
			throw new MojoExecutionException("Cannot write compiled WASM code to " + file, ex);
		}
	}

}
