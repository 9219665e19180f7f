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

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.internal.wasi.WasiSession;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmSnapshot;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new instance of a module that imports WASI gets its WASI session, but the engine's
 * WASI behind it, which makes all of its functions at once, is opened only when the guest
 * first calls a WASI function: an instance that never does allocates none of it. What the
 * guest then writes goes where the session's settings say, on both engines, with and
 * without a snapshot.
 */
class WasiOpeningTests {

	private static final String SAID = "bigmod says hello\n";

	private final List<WasmRuntime> runtimes = new ArrayList<>();

	@AfterEach
	void close() {
		this.runtimes.forEach(WasmRuntime::close);
	}

	static Stream<Arguments> runs() {
		List<Arguments> arguments = new ArrayList<>();
		for (WasmEngine engine : WasmEngine.values()) {
			for (WasmSnapshot snapshot : List.of(WasmSnapshot.NONE, WasmSnapshot.AFTER_INITIALIZE)) {
				arguments.add(Arguments.of(engine, snapshot));
			}
		}
		return arguments.stream();
	}

	private WasmRuntime runtime(WasmEngine engine, WasmSnapshot snapshot) {
		WasmRuntime runtime = WasmRuntime.builder()
			.withEngine(engine)
			.withCompilationCache(CompilationCache.create())
			.build();
		this.runtimes.add(runtime);
		runtime.define(TestModules.definition("bigmod-javy", "bigmod-javy.wasm")
			.withWasi(WasiConfig.enabled().withStdout(WasiConfig.Output.CAPTURE))
			.withSnapshot(snapshot));
		return runtime;
	}

	@ParameterizedTest
	@MethodSource("runs")
	void engineWasiIsOpenedOnTheGuestsFirstWasiCallOnly(WasmEngine engine, WasmSnapshot snapshot) {
		WasmRuntime runtime = runtime(engine, snapshot);
		for (int i = 0; i < 2; i++) {
			try (WasmInstance instance = runtime.newInstance("bigmod-javy")) {
				WasiSession session = instance.wasi();
				assertThat(session).isNotNull();
				assertThat(instance.call("ok")).isEqualTo(1);
				assertThat(instance.call("run", 100, 7)).isNotNull();
				assertThat(session.isOpen()).isFalse();
				assertThat(instance.capturedStdout()).isEmpty();

				assertThat(instance.call("say")).isEqualTo(SAID.length());
				assertThat(session.isOpen()).isTrue();
				assertThat(instance.call("say")).isEqualTo(SAID.length());
				assertThat(instance.capturedStdout()).isEqualTo(SAID + SAID);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("runs")
	void instanceThatNeverCalledWasiClosesWithoutOpeningIt(WasmEngine engine, WasmSnapshot snapshot) {
		WasmRuntime runtime = runtime(engine, snapshot);
		WasiSession session;
		try (WasmInstance instance = runtime.newInstance("bigmod-javy")) {
			session = instance.wasi();
			assertThat(instance.call("ok")).isEqualTo(1);
		}
		assertThat(session).isNotNull();
		assertThat(session.isOpen()).isFalse();
		// and the next instance still writes
		try (WasmInstance instance = runtime.newInstance("bigmod-javy")) {
			assertThat(instance.call("say")).isEqualTo(SAID.length());
			assertThat(instance.capturedStdout()).isEqualTo(SAID);
		}
	}

}
