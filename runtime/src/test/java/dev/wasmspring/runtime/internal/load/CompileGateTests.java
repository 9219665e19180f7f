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

package dev.wasmspring.runtime.internal.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A compilation's caller waits at most the compile timeout; a compilation it gave up on
 * is counted until it ends and what it made is then released.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class CompileGateTests {

	@Test
	void compilationWithinTheTimeoutReturnsWhatItMade() {
		CompileGate gate = new CompileGate(Duration.ofMinutes(1), 1, WasmSettingNames.RUNTIME);
		assertThat(gate.compile("m", "mem:m", () -> "compiled", (made) -> {
		})).isEqualTo("compiled");
		assertThat(gate.started()).isEqualTo(1);
		assertThat(gate.abandoned()).isZero();
	}

	@Test
	void compilationWithoutTimeoutRunsOnTheCallersThread() {
		CompileGate gate = new CompileGate(Duration.ZERO, 1, WasmSettingNames.RUNTIME);
		Thread caller = Thread.currentThread();
		assertThat(gate.compile("m", "mem:m", Thread::currentThread, (made) -> {
		})).isSameAs(caller);
	}

	@Test
	void failureOfTheCompilationReachesTheCallerUnchanged() {
		CompileGate gate = new CompileGate(Duration.ofMinutes(1), 1, WasmSettingNames.RUNTIME);
		assertThatIllegalStateException().isThrownBy(() -> gate.compile("m", "mem:m", () -> {
			throw new IllegalStateException("not a module");
		}, (made) -> {
		})).withMessage("not a module");
	}

	@Test
	void compilationOutlivingTheTimeoutIsAbandonedAndReleasedWhenItEnds() throws Exception {
		CompileGate gate = new CompileGate(Duration.ofMillis(50), 1, WasmSettingNames.RUNTIME);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<String> released = new CompletableFuture<>();
		assertThatExceptionOfType(WasmModuleLoadException.class)
			.isThrownBy(() -> gate.compile("slow", "mem:slow", () -> {
				await(finish);
				return "late";
			}, released::complete))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.COMPILE_TIMEOUT))
			.withMessageContaining("1 abandoned ones are still running or waiting")
			.withMessageContaining(WasmSettingNames.RUNTIME.compileTimeout());
		assertThat(gate.abandoned()).isEqualTo(1);
		finish.countDown();
		assertThat(released.get(30, TimeUnit.SECONDS)).isEqualTo("late");
		while (gate.abandoned() != 0) {
			Thread.sleep(10);
		}
		assertThat(gate.started()).isEqualTo(1);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
