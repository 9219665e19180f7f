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
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single-flight compilation and handles that stay valid while held.
 */
class CompilationCacheTests {

	@Test
	void thirtyTwoThreadsCompilingTheSameBytesCauseOneCompilation() throws Exception {
		CompilationCache cache = CompilationCache.create();
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build()) {
			byte[] bytes = TestModules.bytes("counter.wasm");
			List<CompiledModule> handles = concurrently(32, (i) -> runtime.compile(bytes));
			String digest = handles.get(0).digest();
			assertThat(handles).extracting(CompiledModule::digest).containsOnly(digest);
			assertThat(cache.compilations(digest)).isEqualTo(1);
			assertThat(runtime.statistics().compilationsOf(digest)).isEqualTo(1);
			assertThat(cache.size()).isEqualTo(1);
			handles.forEach(CompiledModule::close);
			assertThat(cache.size()).isZero();
		}
	}

	@Test
	void twoRuntimesSharingACacheCompileTheSameBytesOnce() throws Exception {
		CompilationCache cache = CompilationCache.create();
		WasmRuntime first = WasmRuntime.builder().withCompilationCache(cache).build();
		WasmRuntime second = WasmRuntime.builder().withCompilationCache(cache).build();
		byte[] bytes = TestModules.bytes("counter.wasm");
		List<CompiledModule> handles = concurrently(32, (i) -> ((i % 2 == 0) ? first : second).compile(bytes));
		String digest = handles.get(0).digest();
		assertThat(cache.compilations(digest)).isEqualTo(1);
		first.define(TestModules.definition("counter", "counter.wasm"));
		second.define(TestModules.definition("counter", "counter.wasm"));
		assertThat(cache.compilations(digest)).isEqualTo(1);
		first.close();
		handles.forEach(CompiledModule::close);
		try (WasmInstance instance = second.newInstance("counter")) {
			assertThat(instance.call("increment")).isEqualTo(1);
		}
		second.close();
		assertThat(cache.size()).isZero();
	}

	@Test
	void closingOneHandleLeavesAnotherHandleOfTheSameBytesUsable() {
		CompilationCache cache = CompilationCache.create();
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build()) {
			runtime.define(TestModules.definition("a", "add.wasm"));
			runtime.define(TestModules.definition("b", "add.wasm"));
			CompiledModule a = runtime.module("a");
			CompiledModule b = runtime.module("b");
			assertThat(a.digest()).isEqualTo(b.digest());
			assertThat(cache.compilations(a.digest())).isEqualTo(1);
			a.close();
			assertThat(runtime.remove("a")).isTrue();
			assertThat(a.isClosed()).isTrue();
			assertThat(b.isClosed()).isFalse();
			try (WasmInstance instance = runtime.newInstance("b")) {
				assertThat(instance.call("add", 40, 2)).isEqualTo(42);
			}
			assertThat(cache.contains(b.digest())).isTrue();
			b.close();
			runtime.remove("b");
			assertThat(cache.contains(b.digest())).isFalse();
		}
	}

	@Test
	void closingAHandleTwiceReleasesItOnce() {
		CompilationCache cache = CompilationCache.create();
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build()) {
			CompiledModule first = runtime.compile(TestModules.bytes("add.wasm"));
			CompiledModule second = runtime.compile(TestModules.bytes("add.wasm"));
			first.close();
			first.close();
			assertThat(cache.contains(second.digest())).isTrue();
			second.close();
			assertThat(cache.contains(second.digest())).isFalse();
		}
	}

	@Test
	void aFailedCompilationIsNotCachedAndCanBeRetried() {
		CompilationCache cache = CompilationCache.create();
		byte[] broken = TestModules.bytes("counter.wasm").clone();
		broken[8] = (byte) 0x7f;
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build()) {
			org.assertj.core.api.Assertions.assertThatExceptionOfType(WasmModuleLoadException.class)
				.isThrownBy(() -> runtime.compile(broken));
			assertThat(cache.size()).isZero();
			org.assertj.core.api.Assertions.assertThatExceptionOfType(WasmModuleLoadException.class)
				.isThrownBy(() -> runtime.compile(broken));
		}
	}

	interface Task<T> {

		T run(int index) throws Exception;

	}

	static <T> List<T> concurrently(int threads, Task<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CyclicBarrier start = new CyclicBarrier(threads);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int index = i;
				Callable<T> callable = () -> {
					start.await(30, TimeUnit.SECONDS);
					return task.run(index);
				};
				futures.add(executor.submit(callable));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(120, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
