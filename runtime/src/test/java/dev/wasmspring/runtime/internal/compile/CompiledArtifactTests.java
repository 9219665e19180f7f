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

import java.util.function.Function;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wasmspring.runtime.TestModules;
import dev.wasmspring.runtime.internal.memory.CopyOnWriteMemory;
import dev.wasmspring.runtime.internal.memory.PristineMemory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compiled artifact creates each instance's machine by calling the compiled constructor
 * directly.
 */
class CompiledArtifactTests {

	@Test
	void compiledMachineIsCreatedWithoutTheCompilersReflectiveProxy() {
		WasmModule module = Parser.parse(TestModules.bytes("add.wasm"));
		Function<Instance, Machine> compiled = MachineFactoryCompiler.compile(module);
		Function<Instance, Machine> direct = CompiledArtifact.direct(compiled);
		assertThat(direct).isNotSameAs(compiled);
		Instance instance = Instance.builder(module).withMachineFactory(direct).build();
		assertThat(instance.export("add").apply(20, 22)[0]).isEqualTo(42);
	}

	@Test
	void instancesGetMemoryCopiedOnWriteFromTheModulesPagesUnlessTheMemoryIsShared() {
		CompiledArtifact artifact = CompiledArtifact.interpreted("digest",
				Parser.parse(TestModules.bytes("memory-ops.wasm")));
		assertThat(artifact.pages()).isNotNull();
		assertThat(artifact.pages().pageCount()).isEqualTo(2);
		assertThat(artifact.pages().dataPages()).isEqualTo(2);
		assertThat(
				artifact.memoryFactory(new dev.wasmspring.runtime.internal.limits.MemoryBudget(Long.MAX_VALUE).open())
					.apply(new MemoryLimits(2, 8)))
			.isInstanceOf(CopyOnWriteMemory.class);
		assertThat(
				artifact.memoryFactory(new dev.wasmspring.runtime.internal.limits.MemoryBudget(Long.MAX_VALUE).open())
					.apply(new MemoryLimits(2, 8, true)))
			.isInstanceOf(PristineMemory.class);
	}

	@Test
	void otherMachineFactoriesAreKept() {
		Function<Instance, Machine> interpreter = InterpreterMachine::new;
		assertThat(CompiledArtifact.direct(interpreter)).isSameAs(interpreter);
	}

}
