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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.internal.compile.BuildTimeCode;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.statistics.WasmModuleResidency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Code compiled at build time ({@code wasm-maven-plugin}'s {@code compile-modules} goal)
 * is found on the class path by the module's digest and used instead of compiling, only
 * when it was compiled from the same bytes by the same engine version; otherwise the
 * module is compiled and the reason logged.
 */
class BuildTimeCodeTests {

	@TempDir
	Path classes;

	@Test
	void aModuleCompiledAtBuildTimeIsNotCompiledWhenLoaded() throws IOException {
		byte[] bytes = TestModules.bytes("counter.wasm");
		put(bytes, BuildTimeCode.compile(bytes, "counter.wasm"));
		CompilationCache cache = CompilationCache.create();
		withClassPath(() -> {
			try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build()) {
				runtime.define(WasmModuleDefinition.of("counter", ModuleSource.of("memory:counter", bytes)));
				assertThat(cache.compilations(CompilationCache.sha256(bytes))).isZero();
				assertThat(cache.buildTimeLoads(CompilationCache.sha256(bytes))).isEqualTo(1);
				try (WasmInstance instance = runtime.newInstance("counter")) {
					instance.callRaw("_initialize");
					assertThat(instance.callRaw("increment")[0]).isEqualTo(1);
					assertThat(instance.callRaw("increment")[0]).isEqualTo(2);
				}
			}
			return null;
		});
	}

	@Test
	void aModuleLoadedOnFirstUseCountsItsCodeAsCompiledAtBuildTime() throws IOException {
		byte[] bytes = TestModules.bytes("add.wasm");
		put(bytes, BuildTimeCode.compile(bytes, "add.wasm"));
		withClassPath(() -> {
			try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build()) {
				runtime.defineLazily(WasmModuleDefinition.of("add", ModuleSource.of("memory:add", bytes)));
				try (WasmInstance instance = runtime.newInstance("add")) {
					assertThat(instance.callRaw("add", 40, 2)[0]).isEqualTo(42);
				}
				WasmModuleResidency residency = runtime.residency();
				assertThat(residency.loadsOnFirstUse()).isEqualTo(1);
				assertThat(residency.fromBuildTime()).isEqualTo(1);
				assertThat(residency.compiled()).isZero();
				assertThat(residency.fromDiskCache()).isZero();
			}
			return null;
		});
	}

	@Test
	void aModuleRunWithFuelUsesTheCodeCompiledForItsMeteredBytes() throws IOException {
		byte[] bytes = TestModules.bytes("loop.wasm");
		byte[] metered = BuildTimeCode.metered(bytes);
		put(metered, BuildTimeCode.compile(metered, "loop.wasm"));
		CompilationCache cache = CompilationCache.create();
		withClassPath(() -> {
			try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build()) {
				runtime.define(WasmModuleDefinition.of("loop", ModuleSource.of("memory:loop", bytes)).withFuel(1000L));
				assertThat(cache.buildTimeLoads(CompilationCache.sha256(metered))).isEqualTo(1);
				assertThat(cache.compilations()).isEmpty();
				// without fuel the module's own bytes are compiled: no code was built for
				// them
				runtime.define(WasmModuleDefinition.of("plain", ModuleSource.of("memory:plain", bytes)));
				assertThat(cache.compilations(CompilationCache.sha256(bytes))).isEqualTo(1);
			}
			return null;
		});
	}

	@Test
	void codeCompiledFromOtherBytesIsNotUsedAndTheReasonIsLogged() throws IOException {
		byte[] bytes = TestModules.bytes("counter.wasm");
		byte[] other = TestModules.bytes("add.wasm");
		// the code of add.wasm, stored under counter.wasm's digest
		Files.createDirectories(file(bytes).getParent());
		Files.write(file(bytes), BuildTimeCode.compile(other, "add.wasm"));
		assertCompiledWithWarning(bytes, "it was compiled from other bytes (sha256 " + CompilationCache.sha256(other)
				+ "); rebuild the application");
	}

	@Test
	void codeCompiledByAnotherEngineVersionIsNotUsedAndTheReasonIsLogged() throws IOException {
		byte[] bytes = TestModules.bytes("counter.wasm");
		put(bytes, withEngineVersion(BuildTimeCode.compile(bytes, "counter.wasm"), "0.9.0"));
		assertCompiledWithWarning(bytes, "it was compiled by engine version 0.9.0, this is "
				+ BuildTimeCode.engineVersion() + "; rebuild the application with the engine it runs with");
	}

	@Test
	void theInterpreterEngineIgnoresCodeCompiledAtBuildTime() throws IOException {
		byte[] bytes = TestModules.bytes("add.wasm");
		put(bytes, BuildTimeCode.compile(bytes, "add.wasm"));
		CompilationCache cache = CompilationCache.create();
		withClassPath(() -> {
			try (WasmRuntime runtime = WasmRuntime.builder()
				.withEngine(WasmEngine.INTERPRETER)
				.withCompilationCache(cache)
				.build()) {
				runtime.define(WasmModuleDefinition.of("add", ModuleSource.of("memory:add", bytes)));
				assertThat(cache.buildTimeLoads(CompilationCache.sha256(bytes))).isZero();
				try (WasmInstance instance = runtime.newInstance("add")) {
					assertThat(instance.callRaw("add", 40, 2)[0]).isEqualTo(42);
				}
			}
			return null;
		});
	}

	private void assertCompiledWithWarning(byte[] bytes, String reason) {
		Logger logger = (Logger) LoggerFactory.getLogger(BuildTimeCode.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		CompilationCache cache = CompilationCache.create();
		try {
			withClassPath(() -> {
				try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build()) {
					runtime.define(WasmModuleDefinition.of("counter", ModuleSource.of("memory:counter", bytes)));
					try (WasmInstance instance = runtime.newInstance("counter")) {
						instance.callRaw("_initialize");
						assertThat(instance.callRaw("increment")[0]).isEqualTo(1);
					}
					assertThat(cache.compilations(CompilationCache.sha256(bytes))).isEqualTo(1);
					assertThat(cache.buildTimeLoads(CompilationCache.sha256(bytes))).isZero();
				}
				return null;
			});
		}
		finally {
			logger.detachAppender(appender);
		}
		assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN);
		assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
			.singleElement()
			.asString()
			.startsWith("Code compiled at build time for WASM module 'counter' (")
			.endsWith(") is not used: " + reason + "; compiling it");
	}

	private Path file(byte[] bytes) {
		return this.classes.resolve(BuildTimeCode.resourceName(CompilationCache.sha256(bytes)));
	}

	private void put(byte[] bytes, byte[] code) throws IOException {
		Files.createDirectories(file(bytes).getParent());
		Files.write(file(bytes), code);
	}

	private <T> T withClassPath(Supplier<T> action) {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { this.classes.toUri().toURL() }, previous)) {
			thread.setContextClassLoader(loader);
			return action.get();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** The code file with its record saying another engine version compiled it. */
	static byte[] withEngineVersion(byte[] code, String version) throws IOException {
		ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
		try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(code));
				JarOutputStream out = new JarOutputStream(rewritten)) {
			for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
				byte[] content = in.readAllBytes();
				out.putNextEntry(new JarEntry(entry.getName()));
				if (entry.getName().endsWith("compiled-from.properties")) {
					Properties record = new Properties();
					record.load(new ByteArrayInputStream(content));
					record.setProperty("engine-version", version);
					record.store(out, null);
				}
				else {
					out.write(content);
				}
				out.closeEntry();
			}
		}
		return rewritten.toByteArray();
	}

}
