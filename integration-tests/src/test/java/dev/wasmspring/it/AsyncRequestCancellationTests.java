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

package dev.wasmspring.it;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.autoconfigure.WasmInstances;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmCancelledException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An async request that times out ({@code spring.mvc.async.request-timeout}) cancels the
 * plugin call its instance is running, over real HTTP, whichever way the handler went
 * async: a {@code Callable}, a {@code WebAsyncTask}, a {@code DeferredResult} or a
 * {@code CompletableFuture} completed on a thread of the application's own. The plugin
 * loops for ever and its module has no timeout, so only the cancel can end the call: the
 * request answers 503, the call fails, the instance is discarded, and the next request
 * works.
 */
@SpringBootTest(classes = AsyncRequestCancellationTests.CancellationApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=async-request-cancellation",
				"wasm.modules.loop.location=classpath:wasm/loop.wasm", "wasm.modules.loop.timeout=0",
				"spring.mvc.async.request-timeout=500ms" })
class AsyncRequestCancellationTests {

	private static final ExecutorService completer = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "completer");
		thread.setDaemon(true);
		return thread;
	});

	private static final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

	@LocalServerPort
	int port;

	@Autowired
	WasmRuntime runtime;

	@AfterAll
	static void stopCompleter() {
		completer.shutdownNow();
	}

	@BeforeEach
	void clear() {
		failures.clear();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/deferred", "/future" })
	void aTimedOutRequestCancelsThePluginCallRunningOnAnotherThread(String path) throws Exception {
		assertThat(get(path)).startsWith("503");
		// nothing else could end this call: no module timeout, no interrupt
		Throwable failure = failures.poll(30, TimeUnit.SECONDS);
		assertThat(failure).as("how the looping call ended").isInstanceOf(WasmCancelledException.class);
		assertThat(((WasmCancelledException) failure).getModuleName()).isEqualTo("loop");
		assertThat(((WasmCancelledException) failure).getExportName()).isEqualTo("spin");
		assertNoInstanceLeft();
		assertThat(get("/ok")).isEqualTo("200 ok=1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/callable", "/web-async-task" })
	void aTimedOutRequestStopsThePluginCallOfItsCallable(String path) throws Exception {
		assertThat(get(path)).startsWith("503");
		// Spring MVC also interrupts a Callable's thread when the request times out, so
		// the call ends cancelled or interrupted, whichever reaches it first
		Throwable failure = failures.poll(30, TimeUnit.SECONDS);
		assertThat(failure).as("how the looping call ended").isInstanceOf(WasmCallException.class);
		assertThat(((WasmCallException) failure).getReason()).isIn(WasmCallException.Reason.CANCELLED,
				WasmCallException.Reason.INTERRUPTED);
		assertNoInstanceLeft();
		assertThat(get("/ok")).isEqualTo("200 ok=1");
	}

	private String get(String path) throws IOException, InterruptedException {
		return new AsyncRequests(this.port, this.runtime).get(path);
	}

	private void assertNoInstanceLeft() throws InterruptedException {
		new AsyncRequests(this.port, this.runtime).assertNoInstanceLeft();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(LoopController.class)
	static class CancellationApplication {

	}

	@RestController
	static class LoopController {

		private final WasmInstances instances;

		LoopController(WasmInstances instances) {
			this.instances = instances;
		}

		private static String spin(WasmInstance instance) {
			try {
				instance.call("spin");
				return "finished";
			}
			catch (RuntimeException ex) {
				failures.add(ex);
				throw ex;
			}
		}

		@GetMapping("/ok")
		String ok() {
			return "ok=" + this.instances.current("loop").call("ok");
		}

		@GetMapping("/callable")
		Callable<String> callable() {
			return () -> spin(this.instances.current("loop"));
		}

		@GetMapping("/web-async-task")
		WebAsyncTask<String> webAsyncTask() {
			return new WebAsyncTask<>(() -> spin(this.instances.current("loop")));
		}

		@GetMapping("/deferred")
		DeferredResult<String> deferred() {
			// the request's instance, handed to a thread of the application's own
			WasmInstance instance = this.instances.current("loop");
			DeferredResult<String> result = new DeferredResult<>();
			completer.execute(() -> {
				try {
					result.setResult(spin(instance));
				}
				catch (RuntimeException ex) {
					result.setErrorResult(ex);
				}
			});
			return result;
		}

		@GetMapping("/future")
		CompletableFuture<String> future() {
			WasmInstance instance = this.instances.current("loop");
			return CompletableFuture.supplyAsync(() -> spin(instance), completer);
		}

	}

}
