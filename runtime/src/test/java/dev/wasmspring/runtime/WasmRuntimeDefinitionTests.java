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
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.source.ModuleSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Defining modules while the runtime changes under it: closed, host functions replaced,
 * bytes replaced.
 */
class WasmRuntimeDefinitionTests {

	private static final WasmFunctionType CHARGE = WasmFunctionType.of(List.of(WasmValueType.I64),
			List.of(WasmValueType.I32));

	private final CompilationCache cache = CompilationCache.create();

	private final ExecutorService definer = Executors.newSingleThreadExecutor();

	private WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(this.cache).build();

	@AfterEach
	void close() {
		this.definer.shutdownNow();
		this.runtime.close();
	}

	@Test
	void aDefinitionFinishingAfterTheRuntimeClosedFailsAndKeepsNothing() throws Exception {
		CountDownLatch reading = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		Future<?> defining = this.definer
			.submit(() -> this.runtime.define(WasmModuleDefinition.of("add", blocking("add.wasm", reading, proceed))));
		assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
		this.runtime.close();
		proceed.countDown();
		Throwable failure = catchThrowable(() -> defining.get(30, TimeUnit.SECONDS));
		assertThat(failure).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
		assertThat(this.runtime.moduleNames()).isEmpty();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void aDefinitionFinishingAfterTheHostFunctionsWereReplacedLinksTheNewOnes() throws Exception {
		this.runtime = WasmRuntime.builder()
			.withCompilationCache(this.cache)
			.withHostFunctions(List.of(charge(1)))
			.build();
		CountDownLatch reading = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		Future<?> defining = this.definer.submit(() -> this.runtime
			.define(WasmModuleDefinition.of("billing", blocking("imports-other.wasm", reading, proceed))));
		assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
		this.runtime.replaceHostFunctions(List.of(charge(2)));
		proceed.countDown();
		defining.get(30, TimeUnit.SECONDS);
		try (WasmInstance instance = this.runtime.newInstance("billing")) {
			assertThat(instance.call("run", 5L)).isEqualTo(2);
		}
		assertThat(this.cache.size()).isEqualTo(1);
	}

	@Test
	void anErrorWhileLoadingModulesInParallelReachesTheCallerAsItIs() {
		StackOverflowError error = new StackOverflowError("deep");
		ModuleSource failing = ModuleSource.of("failing", () -> {
			throw error;
		});
		assertThat(catchThrowable(() -> this.runtime.defineAll(
				List.of(TestModules.definition("add", "add.wasm"), WasmModuleDefinition.of("failing", failing)))))
			.isSameAs(error);
		assertThat(this.runtime.moduleNames()).isEmpty();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void replacingTheBytesOfAModuleKeepsItsSettings() {
		this.runtime = WasmRuntime.builder()
			.withCompilationCache(this.cache)
			.withHostFunctions(List.of(charge(1),
					new StubHostFunction("tax", "charge", CHARGE, (context, args) -> new long[] { 3 })))
			.build();
		this.runtime.define(TestModules.definition("plugin", "add.wasm")
			.withTimeout(java.time.Duration.ofSeconds(3))
			.withAllowedImportModules(Set.of("tax")));
		assertThatExceptionOfType(WasmLinkException.class)
			.isThrownBy(() -> this.runtime.replaceSource("plugin", TestModules.source("imports-other.wasm")))
			.withMessageContaining("billing");
		assertThat(this.runtime.timeout("plugin")).hasSeconds(3);
		this.runtime.replaceSource("plugin", TestModules.source("add-v2.wasm"));
		assertThat(this.runtime.definition("plugin").allowedImportModules()).containsExactly("tax");
		assertThat(this.runtime.timeout("plugin")).hasSeconds(3);
		try (WasmInstance instance = this.runtime.newInstance("plugin")) {
			assertThat(instance.call("add", 2, 3)).isEqualTo(1005);
		}
	}

	@Test
	void compilationCountsLeaveTheCacheWithTheirArtifacts() {
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		String digest = this.runtime.statistics().modules().get("add");
		assertThat(this.cache.compilations(digest)).isEqualTo(1);
		assertThat(this.cache.compilations()).containsOnlyKeys(digest);
		this.runtime.remove("add");
		assertThat(this.cache.compilations(digest)).isZero();
		assertThat(this.cache.compilations()).isEmpty();
	}

	@Test
	void importsWhoseModuleAndNameReadTheSameWhenJoinedAreLinkedApart() {
		WasmFunctionType answer = WasmFunctionType.of(List.of(), List.of(WasmValueType.I32));
		this.runtime = WasmRuntime.builder()
			.withCompilationCache(this.cache)
			.withHostFunctions(List.of(new StubHostFunction("a.b", "c", answer, (context, args) -> new long[] { 1 }),
					new StubHostFunction("a", "b.c", answer, (context, args) -> new long[] { 2 })))
			.build();
		this.runtime.define(TestModules.definition("names", "import-names.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("names")) {
			assertThat(instance.call("call_dotted_module")).isEqualTo(1);
			assertThat(instance.call("call_dotted_name")).isEqualTo(2);
		}
	}

	private static WasmHostFunction charge(int answer) {
		return new StubHostFunction("billing", "charge", CHARGE, (context, args) -> new long[] { answer });
	}

	private static ModuleSource blocking(String file, CountDownLatch reading, CountDownLatch proceed) {
		byte[] bytes = TestModules.bytes(file);
		return ModuleSource.of("blocking:" + file, () -> {
			reading.countDown();
			try {
				proceed.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return bytes;
		});
	}

	@Test
	void aMissingImportIsSuggestedAsTheJavaMethodAUserWouldWrite() {
		assertThatExceptionOfType(WasmLinkException.class)
			.isThrownBy(() -> this.runtime.define(TestModules.definition("greeter", "imports-noalloc.wasm")))
			.withMessageContaining("@WasmImport(module = \"env\", name = \"greet\") long greet(int arg0, int arg1) "
					+ "(a pair of i32 (pointer, length) can be one String or byte[] parameter; an i64 result can be a "
					+ "String or byte[] written through the module's alloc: see docs/host-functions.md)");
	}

}
