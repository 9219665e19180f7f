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

package dev.wasmspring.runtime.internal.compile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import dev.wasmspring.runtime.TestModules;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.module.WasmEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compiled module keeps only what its instances need: its classes in a loader of its
 * own, the engine's helper class shared with every other module, and the module without
 * its function bodies.
 */
@Timeout(60)
class ModuleClassesTests {

	@Test
	void compiledModuleKeepsNoFunctionBodiesAndStillRuns() {
		byte[] bytes = TestModules.bytes("counter.wasm");
		CompiledArtifact artifact = compile(bytes);
		var code = artifact.module().codeSection();
		for (int i = 0; i < code.functionBodyCount(); i++) {
			assertThat(code.getFunctionBody(i).instructions()).hasSize(1);
		}
		Instance instance = Instance.builder(artifact.module())
			.withMachineFactory(artifact.machineFactory())
			.withStart(false)
			.build();
		instance.export("_initialize").apply();
		assertThat(instance.export("fib").apply(20)[0]).isEqualTo(6765);
	}

	@Test
	void copiesOfAModuleShareTheEnginesHelperClassButNotTheirOwnClasses() {
		byte[] bytes = TestModules.bytes("counter.wasm");
		Machine first = machine(compile(withCustomSection(bytes, "one")));
		Machine second = machine(compile(withCustomSection(bytes, "two")));
		ClassLoader firstLoader = first.getClass().getClassLoader();
		ClassLoader secondLoader = second.getClass().getClassLoader();
		assertThat(firstLoader).isNotSameAs(secondLoader);
		assertThat(first.getClass()).isNotSameAs(second.getClass());
		assertThat(firstLoader.getParent()).isSameAs(secondLoader.getParent());
		assertThat(firstLoader.getParent()).isNotSameAs(Machine.class.getClassLoader());
	}

	@Test
	void codeWhoseRecordSaysWhetherFunctionsAreInterpretedIsTakenAtItsWordWithoutSearchingItsClasses()
			throws Exception {
		byte[] bytes = TestModules.bytes("counter.wasm");
		String digest = CompilationCache.sha256(bytes);
		byte[] code = BuildTimeCode.compile(bytes, "counter.wasm");
		// searched: every function of counter.wasm is compiled
		assertThat(ModuleClasses.define(code, digest).interpretsFunctions()).isFalse();
		// the record's word is taken as it is given, so a record that said otherwise
		// would be believed: nothing searches the classes again
		assertThat(ModuleClasses.define(code, digest, true).interpretsFunctions()).isTrue();
		assertThat(ModuleClasses.define(code, digest, false).interpretsFunctions()).isFalse();
	}

	@Test
	void theInterpreterIsNamedAsTheEngineNamesItsClass() {
		assertThat(CodeDirectory.INTERPRETER_CLASS)
			.isEqualTo(com.dylibso.chicory.runtime.internal.CompilerInterpreterMachine.class.getName());
	}

	@Test
	void helperClassIsMadePublicAndOtherwiseUnchanged() {
		byte[] original = classFile();
		byte[] copy = ModuleClasses.publicClass(original);
		int differences = 0;
		for (int i = 0; i < original.length; i++) {
			if (original[i] != copy[i]) {
				differences++;
			}
		}
		assertThat(copy).hasSameSizeAs(original);
		assertThat(differences).isOne();
		assertThat(defineClass(copy).getModifiers() & java.lang.reflect.Modifier.PUBLIC).isNotZero();
	}

	private static Class<?> defineClass(byte[] bytes) {
		return new ClassLoader(ModuleClassesTests.class.getClassLoader()) {
			Class<?> define() {
				return defineClass(ModuleClassesTests.class.getName(), bytes, 0, bytes.length);
			}
		}.define();
	}

	private static byte[] classFile() {
		try (var in = ModuleClassesTests.class.getResourceAsStream("ModuleClassesTests.class")) {
			return in.readAllBytes();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static Machine machine(CompiledArtifact artifact) {
		Instance instance = Instance.builder(artifact.module())
			.withMachineFactory(artifact.machineFactory())
			.withStart(false)
			.build();
		return artifact.machineFactory().apply(instance);
	}

	private static CompiledArtifact compile(byte[] bytes) {
		return ModuleCompiler.compile(bytes, CompilationCache.sha256(bytes), WasmEngine.COMPILER, "counter",
				"counter.wasm", null, (fromDirectory, parsedFully) -> {
				});
	}

	static byte[] withCustomSection(byte[] module, String payload) {
		byte[] name = "tenant".getBytes(StandardCharsets.UTF_8);
		byte[] content = payload.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(module);
		out.write(0);
		out.write(1 + name.length + content.length);
		out.write(name.length);
		out.writeBytes(name);
		out.writeBytes(content);
		return out.toByteArray();
	}

}
