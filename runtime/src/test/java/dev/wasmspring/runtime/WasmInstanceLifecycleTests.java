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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmModuleNotFoundException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.wasi.WasiConfig;
import dev.wasmspring.runtime.wasi.WasiInstanceOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How instances end: closed from any thread, abandoned unstarted, dropped unclosed, and
 * the guards around the memory ABI that keep one thread on an instance.
 */
class WasmInstanceLifecycleTests {

	private static final WasmValueType I32 = WasmValueType.I32;

	private final CompilationCache cache = CompilationCache.create();

	private final ExecutorService owner = Executors.newSingleThreadExecutor((task) -> new Thread(task, "owner"));

	private WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(this.cache).build();

	@AfterEach
	void close() {
		this.owner.shutdownNow();
		this.runtime.close();
	}

	@Test
	void aNullAttributeIsRefusedNamingTheModuleWithOrWithoutWasiOptions() {
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		Map<String, Object> attributes = new HashMap<>();
		attributes.put("tenant", null);
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.runtime.newInstance("add", attributes))
			.withMessageContaining("Attribute 'tenant' of a new instance of WASM module 'add' is null");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.runtime.newInstance("add", attributes, WasiInstanceOptions.none()))
			.withMessageContaining("Attribute 'tenant' of a new instance of WASM module 'add' is null");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.runtime.newInstance("add", null))
			.withMessageContaining("are null; pass an empty map for none");
		try (WasmInstance instance = this.runtime.newInstance("add", Map.of("tenant", "acme"),
				WasiInstanceOptions.none())) {
			assertThat(instance.call("add", 2, 3)).isEqualTo(5);
		}
	}

	@Test
	void closingFromAnotherThreadDuringACallNeitherThrowsNorBlocksAndClosesWhenTheCallReturns() throws Exception {
		CountDownLatch inHost = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		this.runtime = runtimeWith(new StubHostFunction("env", "get_i32",
				StubHostFunction.type(List.of(), List.of(I32)), (context, args) -> {
					inHost.countDown();
					proceed.await(30, TimeUnit.SECONDS);
					return new long[] { 7 };
				}));
		this.runtime.define(TestModules.definition("imports", "imports.wasm"));
		WasmInstance instance = this.runtime.newInstance("imports");
		Future<Object> call = this.owner.submit(() -> instance.call("call_get_i32"));
		assertThat(inHost.await(30, TimeUnit.SECONDS)).isTrue();
		instance.close();
		assertThat(instance.isOpen()).isFalse();
		assertThat(call.isDone()).isFalse();
		proceed.countDown();
		// the running call was not interrupted
		assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(7);
		assertThat(this.runtime.statistics().liveInstances()).isZero();
		assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("call_get_i32"))
			.withMessageContaining("was closed");
		instance.close();
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

	@Test
	void closingInsideAHostFunctionLetsTheCallFinishThenCloses() {
		AtomicReference<WasmInstance> self = new AtomicReference<>();
		this.runtime = runtimeWith(new StubHostFunction("env", "get_i32",
				StubHostFunction.type(List.of(), List.of(I32)), (context, args) -> {
					self.get().close();
					return new long[] { 9 };
				}));
		this.runtime.define(TestModules.definition("imports", "imports.wasm"));
		WasmInstance instance = this.runtime.newInstance("imports");
		self.set(instance);
		assertThat(instance.call("call_get_i32")).isEqualTo(9);
		assertThat(instance.isOpen()).isFalse();
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

	@Test
	void anInstanceRequestedOnAnInterruptedThreadFailsAndLeavesNothingBehind() {
		this.runtime.define(TestModules.definition("reactor", "wasi-reactor.wasm")
			.withWasi(WasiConfig.disabled().withEnabled(true)));
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> this.runtime.newInstance("reactor"))
				.satisfies(
						(failure) -> assertThat(failure.getReason()).isEqualTo(WasmCallException.Reason.INTERRUPTED));
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.runtime.statistics().liveInstances()).isZero();
		try (WasmInstance instance = this.runtime.newInstance("reactor")) {
			assertThat(instance.callText("shout", "hi")).isEqualTo("HI");
		}
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

	@Test
	void instancesDroppedWithoutClosingStopCountingOnceCollected() throws Exception {
		this.runtime.define(TestModules.definition("counter", "counter.wasm"));
		List<WasmInstance> dropped = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			dropped.add(this.runtime.newInstance("counter"));
		}
		try (WasmInstance kept = this.runtime.newInstance("counter")) {
			assertThat(this.runtime.statistics().liveInstances()).isEqualTo(201);
			dropped.clear();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (this.runtime.statistics().liveInstances() > 1 && System.nanoTime() < deadline) {
				System.gc();
				Thread.sleep(20);
			}
			assertThat(this.runtime.statistics().liveInstances()).isEqualTo(1);
			assertThat(kept.call("increment")).isEqualTo(1);
		}
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

	@Test
	void allocatingThroughAContextFromAnotherThreadDuringACallIsRefused() throws Exception {
		CountDownLatch inHost = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		AtomicReference<WasmCallContext> captured = new AtomicReference<>();
		this.runtime = guardedAllocRuntime((context, size) -> {
		}, (context, n) -> {
			captured.set(context);
			inHost.countDown();
			proceed.await(30, TimeUnit.SECONDS);
			return context.allocate(n);
		});
		WasmInstance instance = this.runtime.newInstance("guarded");
		Future<Object> call = this.owner.submit(() -> instance.call("call_give", 8));
		assertThat(inHost.await(30, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> captured.get().allocate(8))
			.withMessageContaining("running a call on thread 'owner'");
		proceed.countDown();
		assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(1024);
		instance.close();
	}

	@Test
	void anAllocatorThatTrapsWhenAHostFunctionAllocatesDiscardsTheInstanceWithTheRuntimesOwnError() {
		this.runtime = guardedAllocRuntime((context, size) -> {
		}, (context, n) -> context.allocate(n));
		WasmInstance instance = this.runtime.newInstance("guarded");
		assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> instance.call("call_give", 13))
			.satisfies((failure) -> {
				assertThat(failure.getKind()).isEqualTo(WasmTrapException.Kind.UNREACHABLE);
				assertThat(failure.getModuleName()).isEqualTo("guarded");
				assertThat(failure.getExportName()).isEqualTo("alloc");
				for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
					assertThat(cause.getClass().getName()).doesNotStartWith("com.dylibso");
				}
			});
		assertThat(instance.isOpen()).isFalse();
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

	@Test
	void passingBytesHoldsTheInstanceFromAllocationToTheAnswer() throws Exception {
		CountDownLatch inAlloc = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		this.runtime = guardedAllocRuntime((context, size) -> {
			inAlloc.countDown();
			proceed.await(30, TimeUnit.SECONDS);
		}, (context, n) -> 0);
		WasmInstance instance = this.runtime.newInstance("guarded");
		Future<String> call = this.owner.submit(() -> instance.callText("echo", "hello"));
		assertThat(inAlloc.await(30, TimeUnit.SECONDS)).isTrue();
		// closing between the allocation and the call must wait for the whole exchange
		instance.close();
		proceed.countDown();
		assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("hello");
		assertThat(instance.isOpen()).isFalse();
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

	@Test
	void aNestedCallGivenWrongArgumentsFailsTheOuterCallNamingTheOuterModuleAndDiscardsIt() {
		AtomicReference<WasmRuntime> runtime = new AtomicReference<>();
		this.runtime = guardedAllocRuntime((context, size) -> {
		}, (context, n) -> {
			try (WasmInstance inner = runtime.get().newInstance("add")) {
				return (int) inner.call("add", 1);
			}
		});
		runtime.set(this.runtime);
		this.runtime.define(TestModules.definition("add", "add.wasm"));
		WasmInstance outer = this.runtime.newInstance("guarded");
		assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> outer.call("call_give", 1))
			.satisfies((failure) -> {
				assertThat(failure.getReason()).isEqualTo(WasmCallException.Reason.HOST_FUNCTION_FAILED);
				assertThat(failure.getModuleName()).isEqualTo("guarded");
				assertThat(failure.getExportName()).isEqualTo("call_give");
				assertThat(failure.getImportName()).isEqualTo("env.give");
				assertThat(failure.getCause())
					.isInstanceOfSatisfying(WasmCallException.class,
							(inner) -> assertThat(inner.getReason())
								.isEqualTo(WasmCallException.Reason.ILLEGAL_ARGUMENT))
					.hasMessageContaining("module 'add'");
			});
		assertThat(outer.isOpen()).isFalse();
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

	@Test
	void textThatIsNotUtf8FailsNamingTheExportAndTheOffsetOfTheFirstInvalidByte() {
		this.runtime = guardedAllocRuntime((context, size) -> {
		}, (context, n) -> 0);
		try (WasmInstance instance = this.runtime.newInstance("guarded")) {
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.callText("bad_text", "x"))
				.withMessageContaining("Export 'bad_text' of WASM module 'guarded'")
				.withMessageContaining("not valid UTF-8")
				.withMessageContaining("offset 3");
			assertThat(instance.callBytes("bad_text", new byte[0]))
				.isEqualTo("ok \u00ffok!".getBytes(StandardCharsets.ISO_8859_1));
		}
	}

	@Test
	void anAnswerWithALengthAboveTwoGigabytesIsPrintedUnsignedAndRefusedBeforeCopying() {
		this.runtime = guardedAllocRuntime((context, size) -> {
		}, (context, n) -> 0);
		try (WasmInstance instance = this.runtime.newInstance("guarded")) {
			assertThatExceptionOfType(WasmCallException.class)
				.isThrownBy(() -> instance.callBytes("negative_length", new byte[0]))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(WasmCallException.Reason.GUEST_ERROR))
				.withMessageContaining("answered 4294967295 bytes, above its answer-size limit of 8388608 bytes")
				.withMessageContaining(
						"the answer-size limit of module 'guarded' (WasmModuleDefinition.withMaxAnswerSize)");
			assertThat(instance.isOpen()).isFalse();
		}
	}

	@Test
	void nullInputsFailWithErrorsNamingTheModuleAndExport() {
		this.runtime = guardedAllocRuntime((context, size) -> {
		}, (context, n) -> 0);
		try (WasmInstance instance = this.runtime.newInstance("guarded")) {
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.callText("echo", null))
				.withMessage("Export 'echo' of WASM module 'guarded' was called with null text; pass \"\" instead.");
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.callBytes("echo", null))
				.withMessageContaining("Export 'echo' of WASM module 'guarded' was called with null bytes");
			assertThatExceptionOfType(WasmCallException.class)
				.isThrownBy(() -> instance.call("call_give", (Object[]) null))
				.withMessageContaining("Export 'call_give' of WASM module 'guarded' was called with null arguments");
			assertThatExceptionOfType(WasmCallException.class)
				.isThrownBy(() -> instance.callRaw("call_give", (long[]) null))
				.withMessageContaining("Export 'call_give' of WASM module 'guarded' was called with null arguments");
			// none of them touched the instance
			assertThat(instance.callText("echo", "still works")).isEqualTo("still works");
		}
		Map<String, Object> attributes = new HashMap<>();
		attributes.put("tenant", null);
		assertThatIllegalArgumentException(() -> this.runtime.newInstance("guarded", attributes),
				"Attribute 'tenant' of a new instance of WASM module 'guarded' is null");
		assertThat(this.runtime.statistics().liveInstances()).isZero();
	}

	@Test
	void anExpectedModuleAskedForBeforeItIsDefinedSaysSo() {
		this.runtime.expect(List.of("later"), "it is defined once the application has started.");
		assertThatExceptionOfType(WasmModuleNotFoundException.class).isThrownBy(() -> this.runtime.newInstance("later"))
			.withMessage("WASM module 'later' is expected but not defined yet: it is defined once the application "
					+ "has started.");
		assertThatExceptionOfType(WasmModuleNotFoundException.class).isThrownBy(() -> this.runtime.newInstance("other"))
			.withMessageContaining("No WASM module named 'other' is defined");
		this.runtime.define(TestModules.definition("later", "add.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("later")) {
			assertThat(instance.call("add", 1, 2)).isEqualTo(3);
		}
	}

	private static void assertThatIllegalArgumentException(Runnable action, String message) {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(action::run)
			.withMessageContaining(message);
	}

	private WasmRuntime runtimeWith(WasmHostFunction... functions) {
		return WasmRuntime.builder()
			.withCompilationCache(this.cache)
			.withHostFunctions(StubHostFunction.forImportsModule(functions))
			.build();
	}

	private WasmRuntime guardedAllocRuntime(OnAlloc onAlloc, Give give) {
		WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(this.cache)
			.withHostFunctions(List.of(new StubHostFunction("env", "on_alloc",
					StubHostFunction.type(List.of(I32), List.of()), (context, args) -> {
						onAlloc.run(context, (int) args[0]);
						return new long[0];
					}),
					new StubHostFunction("env", "give", StubHostFunction.type(List.of(I32), List.of(I32)),
							(context, args) -> new long[] { give.apply(context, (int) args[0]) })))
			.build();
		runtime.define(TestModules.definition("guarded", "guarded-alloc.wasm"));
		return runtime;
	}

	@FunctionalInterface
	interface OnAlloc {

		void run(WasmCallContext context, int size) throws Exception;

	}

	@FunctionalInterface
	interface Give {

		int apply(WasmCallContext context, int n) throws Exception;

	}

}
