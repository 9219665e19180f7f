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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleNotFoundException;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.module.WasmModuleResolver;
import dev.wasmspring.runtime.source.ModuleSource;
import dev.wasmspring.runtime.statistics.WasmModuleResidency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Modules loaded when first used (defined lazily, or resolved by a
 * {@link WasmModuleResolver}), once however many threads first use them at once, and a
 * bounded set of loaded modules: the least recently used is unloaded and comes back from
 * the disk cache without compiling.
 */
class OnDemandModulesTests {

	private static final byte[] COUNTER = TestModules.bytes("counter.wasm");

	@TempDir
	Path directory;

	@Test
	void lazyModuleIsLoadedOnceOnItsFirstUseByManyThreadsAtOnce() throws Exception {
		CompilationCache cache = CompilationCache.create();
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).build()) {
			runtime.defineLazily(tenant(1));
			assertThat(runtime.hasModule("tenant-1")).isTrue();
			assertThat(runtime.moduleNames()).containsExactly("tenant-1");
			assertThat(runtime.isLoaded("tenant-1")).isFalse();
			assertThat(runtime.definition("tenant-1").source().location()).isEqualTo("tenant-1.wasm");
			assertThat(runtime.isLoaded("tenant-1")).isFalse();
			List<Long> answers = concurrently(8, () -> fib(runtime, "tenant-1"));
			assertThat(answers).hasSize(8).containsOnly(6765L);
			assertThat(runtime.isLoaded("tenant-1")).isTrue();
			assertThat(runtime.loadedModuleNames()).containsExactly("tenant-1");
			WasmModuleResidency residency = runtime.residency();
			assertThat(residency.loadsOnFirstUse()).isEqualTo(1);
			assertThat(residency.compiled()).isEqualTo(1);
			assertThat(residency.loaded()).isEqualTo(1);
			assertThat(residency.defined()).isEqualTo(1);
			assertThat(cache.compilations(CompilationCache.sha256(copy(1)))).isEqualTo(1);
		}
	}

	@Test
	void resolverIsAskedOnceForANameManyThreadsFirstUseAtOnce() throws Exception {
		AtomicInteger asked = new AtomicInteger();
		WasmModuleResolver resolver = (name) -> {
			asked.incrementAndGet();
			return name.startsWith("tenant-") ? tenant(Integer.parseInt(name.substring(7))) : null;
		};
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withModuleResolver(resolver)
			.build()) {
			assertThat(runtime.hasModule("tenant-7")).isFalse();
			List<Long> answers = concurrently(8, () -> fib(runtime, "tenant-7"));
			assertThat(answers).containsOnly(6765L);
			assertThat(asked).hasValue(1);
			assertThat(runtime.hasModule("tenant-7")).isTrue();
			assertThat(runtime.residency().resolved()).isEqualTo(1);
			assertThatExceptionOfType(WasmModuleNotFoundException.class).isThrownBy(() -> runtime.newInstance("nobody"))
				.satisfies((ex) -> assertThat(ex.getModuleName()).isEqualTo("nobody"));
			assertThat(runtime.remove("tenant-7")).isTrue();
			assertThat(runtime.isLoaded("tenant-7")).isFalse();
			assertThat(fib(runtime, "tenant-7")).isEqualTo(6765L);
			assertThat(asked).hasValue(3);
		}
	}

	@Test
	void resolverThatFailsFailsThatUseNamingTheModuleAndIsAskedAgainNextTime() {
		AtomicInteger asked = new AtomicInteger();
		WasmModuleResolver resolver = (name) -> {
			if (asked.incrementAndGet() == 1) {
				throw new IllegalStateException("tenant store unavailable");
			}
			return WasmModuleDefinition.of(name, ModuleSource.of(name + ".wasm", copy(3)));
		};
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withModuleResolver(resolver)
			.build()) {
			assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(() -> runtime.newInstance("acme"))
				.withMessageContaining("acme")
				.withMessageContaining("resolver")
				.withMessageContaining("tenant store unavailable");
			assertThat(fib(runtime, "acme")).isEqualTo(6765L);
		}
	}

	@Test
	void resolverThatNamesAnotherModuleIsRefused() {
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withModuleResolver((name) -> tenant(1))
			.build()) {
			assertThatExceptionOfType(WasmModuleLoadException.class).isThrownBy(() -> runtime.newInstance("acme"))
				.withMessageContaining("'acme'")
				.withMessageContaining("'tenant-1'");
			assertThat(runtime.hasModule("acme")).isFalse();
		}
	}

	@Test
	void leastRecentlyUsedModuleIsUnloadedAndComesBackFromTheDiskCacheWithoutCompiling() {
		CompilationCache cache = CompilationCache.create(this.directory);
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(cache).withMaxLoadedModules(2).build()) {
			for (int i = 0; i < 3; i++) {
				runtime.defineLazily(tenant(i));
			}
			fib(runtime, "tenant-0");
			fib(runtime, "tenant-1");
			fib(runtime, "tenant-0");
			// an instance of tenant-1 in flight keeps its module while tenant-1 is
			// evicted
			try (WasmInstance inFlight = runtime.newInstance("tenant-0")) {
				WasmInstance ofEvicted = runtime.newInstance("tenant-1");
				fib(runtime, "tenant-0");
				fib(runtime, "tenant-2");
				assertThat(runtime.loadedModuleNames()).containsExactly("tenant-0", "tenant-2");
				assertThat(ofEvicted.call("fib", 20)).isEqualTo(6765L);
				ofEvicted.close();
				assertThat(inFlight.call("fib", 10)).isEqualTo(55L);
			}
			assertThat(runtime.moduleNames()).containsExactly("tenant-0", "tenant-1", "tenant-2");
			assertThat(cache.contains(CompilationCache.sha256(copy(1)))).isFalse();
			assertThat(fib(runtime, "tenant-1")).isEqualTo(6765L);
			assertThat(runtime.loadedModuleNames()).containsExactly("tenant-1", "tenant-2");
			assertThat(cache.directoryLoads(CompilationCache.sha256(copy(1)))).isEqualTo(1);
			assertThat(cache.compilations(CompilationCache.sha256(copy(1)))).isZero();
			WasmModuleResidency residency = runtime.residency();
			assertThat(residency.maxLoaded()).isEqualTo(2);
			assertThat(residency.loaded()).isEqualTo(2);
			assertThat(residency.defined()).isEqualTo(3);
			assertThat(residency.evicted()).isEqualTo(2);
			assertThat(residency.loadsOnFirstUse()).isEqualTo(4);
			assertThat(residency.compiled()).isEqualTo(3);
			assertThat(residency.fromDiskCache()).isEqualTo(1);
		}
	}

	@Test
	void eagerlyDefinedModulesCountAgainstTheLimitAndAreLoadedAgainWhenUsed() {
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create(this.directory))
			.withMaxLoadedModules(1)
			.build()) {
			runtime.define(tenant(0));
			runtime.define(tenant(1));
			assertThat(runtime.loadedModuleNames()).containsExactly("tenant-1");
			assertThat(runtime.moduleNames()).containsExactly("tenant-0", "tenant-1");
			assertThat(fib(runtime, "tenant-0")).isEqualTo(6765L);
			assertThat(runtime.loadedModuleNames()).containsExactly("tenant-0");
			assertThat(runtime.residency().fromDiskCache()).isEqualTo(1);
		}
	}

	@Test
	void manyThreadsUsingMoreModulesThanTheLimitWhileOthersAreRedefinedAllGetAnswers() throws Exception {
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create(this.directory))
			.withMaxLoadedModules(3)
			.build()) {
			for (int i = 0; i < 8; i++) {
				runtime.defineLazily(tenant(i));
			}
			AtomicInteger next = new AtomicInteger();
			List<Long> answers = concurrently(4, () -> {
				long sum = 0;
				for (int call = 0; call < 40; call++) {
					int tenant = next.getAndIncrement() % 8;
					if (tenant == 7 && call % 2 == 0) {
						runtime.defineLazily(tenant(7));
					}
					else if (tenant == 6 && call % 3 == 0) {
						runtime.define(tenant(6));
					}
					sum += fib(runtime, "tenant-" + tenant);
				}
				return sum;
			});
			assertThat(answers).containsOnly(40 * 6765L);
			assertThat(runtime.loadedModuleNames().size()).isLessThanOrEqualTo(3);
			assertThat(runtime.moduleNames()).hasSize(8);
			assertThat(runtime.residency().evicted()).isPositive();
		}
	}

	@Test
	void removedLazyModuleIsNoLongerDefinedAndClosedRuntimeLoadsNothing() {
		WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build();
		runtime.defineLazily(tenant(1));
		runtime.defineLazily(tenant(2));
		assertThat(runtime.remove("tenant-1")).isTrue();
		assertThat(runtime.hasModule("tenant-1")).isFalse();
		assertThatExceptionOfType(WasmModuleNotFoundException.class).isThrownBy(() -> runtime.newInstance("tenant-1"));
		runtime.close();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> runtime.newInstance("tenant-2"));
	}

	@Test
	void handlesOnModulesLoadedOnFirstUseAreTakenWhileOthersLoadThemAtOnce() throws Exception {
		try (WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create(this.directory))
			.withMaxLoadedModules(2)
			.build()) {
			for (int i = 0; i < 4; i++) {
				runtime.defineLazily(tenant(i));
			}
			AtomicInteger next = new AtomicInteger();
			List<Integer> exports = concurrently(4, () -> {
				int count = 0;
				for (int call = 0; call < 20; call++) {
					String name = "tenant-" + (next.getAndIncrement() % 4);
					if (call % 2 == 0) {
						try (CompiledModule module = runtime.module(name)) {
							count += module.exports().containsKey("fib") ? 1 : 0;
						}
					}
					else {
						count += (fib(runtime, name) == 6765L) ? 1 : 0;
					}
				}
				return count;
			});
			assertThat(exports).containsOnly(20);
		}
	}

	@Test
	void negativeLimitIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> WasmRuntime.builder().withMaxLoadedModules(-1))
			.withMessageContaining("-1");
	}

	private static long fib(WasmRuntime runtime, String name) {
		try (WasmInstance instance = runtime.newInstance(name)) {
			return ((Number) instance.call("fib", 20)).longValue();
		}
	}

	private static <T> List<T> concurrently(int threads, java.util.concurrent.Callable<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static final Map<Integer, byte[]> copies = new ConcurrentHashMap<>();

	static WasmModuleDefinition tenant(int number) {
		return WasmModuleDefinition.of("tenant-" + number, ModuleSource.of("tenant-" + number + ".wasm", copy(number)));
	}

	/** counter.wasm with a custom section of its own: the same code, its own digest. */
	static byte[] copy(int number) {
		return copies.computeIfAbsent(number, (n) -> {
			byte[] name = "tenant".getBytes(StandardCharsets.UTF_8);
			byte[] payload = Integer.toString(n).getBytes(StandardCharsets.UTF_8);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			out.writeBytes(COUNTER);
			out.write(0);
			out.write(1 + name.length + payload.length);
			out.write(name.length);
			out.writeBytes(name);
			out.writeBytes(payload);
			return out.toByteArray();
		});
	}

}
