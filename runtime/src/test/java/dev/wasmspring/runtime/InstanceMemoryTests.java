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

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.dylibso.chicory.runtime.Memory;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.internal.memory.PristineMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A new instance's memory holds exactly what the module's data segments put there,
 * applied as the specification says, however the runtime gets it there.
 */
class InstanceMemoryTests {

	private final WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void activeSegmentsAreAppliedInOrderSoALaterOneWinsWhereTheyOverlap() {
		this.runtime.define(TestModules.definition("data", "data-segments.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("data")) {
			assertThat(text(instance, 100, 10)).isEqualTo("aaaaBBBBcc");
			assertThat(text(instance, 60000, 3)).isEqualTo("far");
			assertThat(instance.call("byte", 99)).isEqualTo(0);
			assertThat(instance.call("byte", 110)).isEqualTo(0);
			assertThat(instance.call("byte", 65535)).isEqualTo(0);
		}
	}

	@Test
	void passiveSegmentIsCopiedOnRequestAndDroppingItAffectsOnlyItsInstance() {
		this.runtime.define(TestModules.definition("data", "data-segments.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("data")) {
			instance.call("init_passive", 200);
			assertThat(text(instance, 200, 8)).isEqualTo("passive!");
			instance.call("drop_passive");
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("init_passive", 300))
				.satisfies((trap) -> assertThat(trap.getKind())
					.isEqualTo(WasmTrapException.Kind.OUT_OF_BOUNDS_MEMORY_ACCESS));
		}
		try (WasmInstance next = this.runtime.newInstance("data")) {
			next.call("init_passive", 200);
			assertThat(text(next, 200, 8)).isEqualTo("passive!");
		}
	}

	@Test
	void largeMemoryBuiltFromManySegmentsHoldsEveryByte() {
		this.runtime.define(TestModules.definition("big", "big-memory.wasm"));
		for (int round = 0; round < 2; round++) {
			try (WasmInstance instance = this.runtime.newInstance("big")) {
				assertThat(instance.call("sum_first", 3)).isEqualTo(6);
				assertThat(instance.call("sum_first", 1048576)).isEqualTo(132112977);
				// the four pages above the segments are zero
				assertThat(instance.call("sum_first", 20 * 65536)).isEqualTo(132112977);
			}
		}
	}

	@Test
	void memoryWrittenByOneInstanceIsPristineInTheNext() {
		this.runtime.define(TestModules.definition("data", "data-segments.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("data")) {
			instance.memory().write(100, "zzzzzzzzzz".getBytes(StandardCharsets.US_ASCII));
			instance.memory().write(5000, new byte[] { 1, 2, 3 });
		}
		try (WasmInstance next = this.runtime.newInstance("data")) {
			assertThat(text(next, 100, 10)).isEqualTo("aaaaBBBBcc");
			assertThat(next.memory().read(5000, 3)).containsExactly(0, 0, 0);
		}
	}

	@Test
	void instanceMemoryImplementsEveryMemoryOperationItself() {
		// a method left to the interface's default would bypass the engine's memory (its
		// atomics need this)
		Method[] missing = Arrays.stream(Memory.class.getMethods())
			.filter((method) -> !Modifier.isStatic(method.getModifiers()))
			.filter((method) -> {
				try {
					return PristineMemory.class.getDeclaredMethod(method.getName(), method.getParameterTypes()) == null;
				}
				catch (NoSuchMethodException ex) {
					return true;
				}
			})
			.toArray(Method[]::new);
		assertThat(missing).isEmpty();
	}

	private static String text(WasmInstance instance, int address, int length) {
		return new String(instance.memory().read(address, length), StandardCharsets.US_ASCII);
	}

}
