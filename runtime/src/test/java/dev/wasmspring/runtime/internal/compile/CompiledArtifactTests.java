package dev.wasmspring.runtime.internal.compile;

import java.util.function.Function;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import dev.wasmspring.runtime.TestModules;

/**
 * A compiled artifact creates each instance's machine by calling the compiled constructor directly.
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
	void otherMachineFactoriesAreKept() {
		Function<Instance, Machine> interpreter = InterpreterMachine::new;
		assertThat(CompiledArtifact.direct(interpreter)).isSameAs(interpreter);
	}

}
