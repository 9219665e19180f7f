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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import dev.wasmspring.runtime.internal.compile.BuildTimeCode;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code compile-modules} goal compiles the modules under a directory into code files
 * named by each module's digest, skips those already compiled by this engine, and names a
 * module it cannot compile.
 */
class CompileModulesMojoTests {

	private static final Path MODULES = Path.of("../testing-wasm/wasm");

	@TempDir
	Path resources;

	@TempDir
	Path output;

	@Test
	void compilesEveryModuleUnderTheDirectoryByDigest() throws Exception {
		byte[] add = copy("add.wasm", "add.wasm");
		byte[] counter = copy("counter.wasm", "plugins/tenants/counter.wasm");
		Files.writeString(this.resources.resolve("application.yml"), "wasm: {}\n");
		mojo(false, true).execute();
		assertThat(compiled()).containsExactlyInAnyOrder(name(add), name(counter));
		assertThat(BuildTimeCode.isCompiledByThisEngine(Files.readAllBytes(this.output.resolve(name(add))))).isTrue();
	}

	@Test
	void withFuelAlsoCompilesTheMeteredBytes() throws Exception {
		byte[] loop = copy("loop.wasm", "loop.wasm");
		mojo(true, true).execute();
		assertThat(compiled()).containsExactlyInAnyOrder(name(loop), name(BuildTimeCode.metered(loop)));
	}

	@Test
	void codeAlreadyCompiledByThisEngineIsNotWrittenAgain() throws Exception {
		byte[] add = copy("add.wasm", "add.wasm");
		mojo(false, true).execute();
		Path file = this.output.resolve(name(add));
		FileTime written = FileTime.fromMillis(1_000_000L);
		Files.setLastModifiedTime(file, written);
		mojo(false, true).execute();
		assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);
	}

	@Test
	void aModuleTheEngineRejectsFailsTheBuildNamingIt() throws Exception {
		copy("add.wasm", "add.wasm");
		Files.createDirectories(this.resources.resolve("broken"));
		Files.write(this.resources.resolve("broken/not-a-module.wasm"), new byte[] { 0, 'a', 's', 'm', 9, 9 });
		assertThatExceptionOfType(MojoFailureException.class).isThrownBy(() -> mojo(false, true).execute())
			.withMessageStartingWith("WASM module broken/not-a-module.wasm cannot be compiled at build time: ")
			.withMessageEndingWith("; fix the module, remove it from the goal's includes, or set failOnError to "
					+ "false to have it compiled when it is loaded");
	}

	@Test
	void withoutFailOnErrorAModuleTheEngineRejectsIsLeftToRunTime() throws Exception {
		byte[] add = copy("add.wasm", "add.wasm");
		Files.write(this.resources.resolve("not-a-module.wasm"), new byte[] { 0, 'a', 's', 'm', 9, 9 });
		mojo(false, false).execute();
		assertThat(compiled()).containsExactly(name(add));
	}

	@Test
	void aModuleWithAFunctionLeftToTheInterpreterIsLeftToRunTime() throws Exception {
		byte[] add = copy("add.wasm", "add.wasm");
		copy("traces-large.wasm", "traces-large.wasm");
		mojo(false, true).execute();
		assertThat(compiled()).containsExactly(name(add));
	}

	private CompileModulesMojo mojo(boolean fuel, boolean failOnError) {
		return new CompileModulesMojo(this.resources.toFile(), new String[] { "**/*.wasm" }, this.output.toFile(), fuel,
				failOnError);
	}

	private byte[] copy(String module, String to) throws IOException {
		Path target = this.resources.resolve(to);
		Files.createDirectories(target.getParent());
		Files.copy(MODULES.resolve(module), target);
		return Files.readAllBytes(target);
	}

	private static String name(byte[] bytes) {
		return BuildTimeCode.resourceName(BuildTimeCode.digest(bytes));
	}

	private List<String> compiled() throws IOException {
		Path location = this.output.resolve(BuildTimeCode.LOCATION);
		if (!Files.isDirectory(location)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(location)) {
			return files.map((file) -> BuildTimeCode.LOCATION + file.getFileName()).toList();
		}
	}

}
