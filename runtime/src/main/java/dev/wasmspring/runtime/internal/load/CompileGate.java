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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException.Reason;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.internal.limits.Causes;

/**
 * Runs compilations within the compile timeout and the limit of concurrent compilations.
 * Each compiles on a thread of its own so that the caller waits at most the timeout: the
 * engine's compiler cannot be interrupted, so a compilation that runs out of time goes on
 * in the background and its result is released when it ends. A compilation whose caller
 * gave up before a slot was free never starts.
 */
public final class CompileGate {

	private final Duration timeout;

	private final int maxConcurrent;

	private final Semaphore permits;

	private final WasmSettingNames settingNames;

	private final AtomicInteger abandoned = new AtomicInteger();

	private final LongAdder started = new LongAdder();

	/**
	 * Create a gate.
	 * @param timeout how long a caller waits, {@link Duration#ZERO} for no limit
	 * @param maxConcurrent how many compilations run at once, at least 1
	 * @param settingNames how messages name the settings
	 */
	public CompileGate(Duration timeout, int maxConcurrent, WasmSettingNames settingNames) {
		this.timeout = timeout;
		this.maxConcurrent = maxConcurrent;
		this.permits = new Semaphore(maxConcurrent, true);
		this.settingNames = settingNames;
	}

	/**
	 * Return how many compilations are still running, or waiting to run, after their
	 * callers gave up on them.
	 * @return the count
	 */
	public int abandoned() {
		return this.abandoned.get();
	}

	/**
	 * Return how many compilations got past the gate.
	 * @return the count
	 */
	public long started() {
		return this.started.sum();
	}

	/**
	 * Compile within the timeout and the limit of concurrent compilations.
	 * @param <T> what compiling makes
	 * @param name the module's name, for messages
	 * @param location the module's location, for messages
	 * @param compile compiles
	 * @param release releases what a compilation made after its caller gave up on it
	 * @return what compiling made
	 * @throws WasmModuleLoadException if the timeout passed or the thread was interrupted
	 */
	public <T> T compile(String name, String location, Supplier<T> compile, Consumer<? super T> release) {
		if (this.timeout.isZero()) {
			try {
				return gated(name, location, compile, new AtomicBoolean());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new WasmModuleLoadException(name, location, Reason.COMPILE_TIMEOUT,
						"the thread loading it was interrupted while it waited to compile", ex);
			}
		}
		CompletableFuture<T> compiling = new CompletableFuture<>();
		AtomicBoolean abandoned = new AtomicBoolean();
		Thread compiler = new Thread(() -> {
			try {
				compiling.complete(gated(name, location, compile, abandoned));
			}
			catch (Throwable ex) {
				compiling.completeExceptionally(ex);
			}
			finally {
				if (abandoned.get()) {
					this.abandoned.decrementAndGet();
				}
			}
		}, "wasm-compile-" + name);
		compiler.setDaemon(true);
		compiler.start();
		try {
			return compiling.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			abandon(compiling, abandoned, release);
			throw new WasmModuleLoadException(name, location, Reason.COMPILE_TIMEOUT,
					"compiling it took longer than the compile timeout of " + this.timeout + " (at most "
							+ this.maxConcurrent + " compilations run at once; " + this.abandoned.get()
							+ " abandoned ones are still running or waiting); raise "
							+ this.settingNames.compileTimeout() + " if the module is trusted",
					null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			abandon(compiling, abandoned, release);
			throw new WasmModuleLoadException(name, location, Reason.COMPILE_TIMEOUT,
					"the thread loading it was interrupted while it compiled", ex);
		}
		catch (ExecutionException ex) {
			throw Causes.unchecked(ex.getCause());
		}
	}

	private <T> void abandon(CompletableFuture<T> compiling, AtomicBoolean abandoned, Consumer<? super T> release) {
		if (!compiling.isDone() && abandoned.compareAndSet(false, true)) {
			this.abandoned.incrementAndGet();
		}
		compiling.thenAccept(release);
	}

	private <T> T gated(String name, String location, Supplier<T> compile, AtomicBoolean abandoned)
			throws InterruptedException {
		this.permits.acquire();
		try {
			if (abandoned.get()) {
				throw new WasmModuleLoadException(name, location, Reason.COMPILE_TIMEOUT,
						"its caller gave up before a compilation slot was free", null);
			}
			this.started.increment();
			return compile.get();
		}
		finally {
			this.permits.release();
		}
	}

}
