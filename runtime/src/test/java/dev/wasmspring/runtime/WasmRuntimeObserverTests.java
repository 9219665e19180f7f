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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.statistics.WasmInstanceCounts;
import dev.wasmspring.runtime.statistics.WasmRuntimeObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The observer hook: loads, instantiations and calls are each one scope, ended with their
 * failure, on the thread doing the work; instances are counted per module across
 * redefinitions.
 */
class WasmRuntimeObserverTests {

	private final Recorder recorder = new Recorder();

	private final WasmRuntime runtime = WasmRuntime.builder()
		.withEngine(WasmEngine.INTERPRETER)
		.withCompilationCache(CompilationCache.create())
		.withObserver(this.recorder)
		.build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void aLoadAnInstantiationAndACallAreEachObserved() {
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("add")) {
			assertThat(instance.call("add", 1, 2)).isEqualTo(3);
		}
		assertThat(this.recorder.events).containsExactly("load add classpath:wasm/add.wasm", "end load add ok",
				"instantiate add", "end instantiate add ok", "call add.add", "end call add.add ok");
	}

	@Test
	void aFailedCallEndsItsScopeWithTheFailure() {
		this.runtime.define(TestModules.definition("traps", "traps.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("traps")) {
			assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("unreachable"));
		}
		assertThat(this.recorder.events).contains("call traps.unreachable",
				"end call traps.unreachable WasmTrapException");
	}

	@Test
	void aFailedLoadEndsItsScopeWithTheFailure() {
		assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(() -> this.runtime
			.define(WasmModuleDefinition.of("broken", ModuleSource.of("memory:broken", new byte[] { 1, 2, 3 }))));
		assertThat(this.recorder.events).containsExactly("load broken memory:broken",
				"end load broken WasmModuleLoadException");
	}

	@Test
	void instancesAreCountedPerModuleAcrossRedefinitions() {
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		this.runtime.define(TestModules.definition("other", "add.wasm"));
		WasmInstance first = this.runtime.newInstance("add");
		this.runtime.define(TestModules.definition("add", "add-v2.wasm"));
		try (WasmInstance second = this.runtime.newInstance("add")) {
			assertThat(this.runtime.instanceCounts("add")).isEqualTo(new WasmInstanceCounts(2, 2));
			first.close();
			assertThat(this.runtime.instanceCounts("add")).isEqualTo(new WasmInstanceCounts(1, 2));
		}
		assertThat(this.runtime.instanceCounts("add")).isEqualTo(new WasmInstanceCounts(0, 2));
		assertThat(this.runtime.instanceCounts("other")).isEqualTo(new WasmInstanceCounts(0, 0));
		assertThat(this.runtime.instanceCounts("never")).isEqualTo(new WasmInstanceCounts(0, 0));
	}

	@Test
	void withoutAnObserverNothingIsObserved() {
		try (WasmRuntime plain = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build()) {
			plain.define(TestModules.definition("add", "add.wasm"));
			try (WasmInstance instance = plain.newInstance("add")) {
				assertThat(instance.call("add", 2, 2)).isEqualTo(4);
			}
			assertThat(plain.instanceCounts("add")).isEqualTo(new WasmInstanceCounts(0, 1));
		}
		assertThat(this.recorder.events).isEmpty();
	}

	static final class Recorder implements WasmRuntimeObserver {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public Scope loadStarted(String module, String location) {
			return scope("load " + module, " " + location);
		}

		@Override
		public Scope instantiationStarted(String module) {
			return scope("instantiate " + module, "");
		}

		@Override
		public Scope callStarted(String module, String export) {
			return scope("call " + module + "." + export, "");
		}

		private Scope scope(String what, String detail) {
			this.events.add(what + detail);
			Thread started = Thread.currentThread();
			return (@Nullable Throwable failure) -> {
				assertThat(Thread.currentThread()).isSameAs(started);
				this.events.add("end " + what + " " + ((failure != null) ? failure.getClass().getSimpleName() : "ok"));
			};
		}

	}

}
