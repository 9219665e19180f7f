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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.wasmspring.autoconfigure.WasmInstances;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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
 * A request's instance in async requests over real HTTP: it is the same inside a Callable
 * or WebAsyncTask as in the handler, usable from the thread that completes a
 * DeferredResult, and closed once the async request completes or times out. The
 * application is a small one of its own, with counter.wasm, whose increment counts per
 * instance.
 */
@SpringBootTest(classes = AsyncRequestInstancesTests.AsyncApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.config.name=async-request-instances",
				"wasm.modules.counter.location=classpath:wasm/counter.wasm", "spring.mvc.async.request-timeout=30s" })
class AsyncRequestInstancesTests {

	private static final ExecutorService completer = Executors.newSingleThreadExecutor();

	@LocalServerPort
	int port;

	@Autowired
	WasmRuntime runtime;

	@AfterAll
	static void stopCompleter() {
		completer.shutdownNow();
	}

	@Test
	void aCallableUsesTheRequestsInstanceAndItClosesWhenTheRequestCompletes() throws Exception {
		assertThat(get("/callable")).isEqualTo("200 handler=1 callable=2 same=true");
		assertNoInstanceLeft();
	}

	@Test
	void aWebAsyncTaskCreatesTheRequestsInstanceOnItsThreadAndItClosesWhenTheRequestCompletes() throws Exception {
		assertThat(get("/web-async-task")).isEqualTo("200 task=1 again=2");
		assertNoInstanceLeft();
	}

	@Test
	void aDeferredResultCompletedOnAnotherThreadCanUseTheHandlersInstance() throws Exception {
		assertThat(get("/deferred")).isEqualTo("200 handler=1 completer=2");
		assertNoInstanceLeft();
	}

	@Test
	void anAsyncRequestThatTimesOutClosesItsInstance() throws Exception {
		// the handler's task is abandoned: whatever the error answer, the request ends
		// without its result
		assertThat(get("/timeout")).doesNotStartWith("200").doesNotContain("late");
		assertNoInstanceLeft();
	}

	@Test
	void plainRequestsStillCloseTheirInstanceAtTheEnd() throws Exception {
		assertThat(get("/plain")).isEqualTo("200 plain=1");
		assertNoInstanceLeft();
	}

	private String get(String path) throws IOException, InterruptedException {
		return new AsyncRequests(this.port, this.runtime).get(path);
	}

	private void assertNoInstanceLeft() throws InterruptedException {
		new AsyncRequests(this.port, this.runtime).assertNoInstanceLeft();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(AsyncController.class)
	static class AsyncApplication {

	}

	@RestController
	static class AsyncController {

		private final WasmInstances instances;

		AsyncController(WasmInstances instances) {
			this.instances = instances;
		}

		@GetMapping("/plain")
		String plain() {
			return "plain=" + this.instances.current("counter").call("increment");
		}

		@GetMapping("/callable")
		Callable<String> callable() {
			WasmInstance handlers = this.instances.current("counter");
			Object first = handlers.call("increment");
			return () -> {
				WasmInstance callables = this.instances.current("counter");
				return "handler=" + first + " callable=" + callables.call("increment") + " same="
						+ (callables == handlers);
			};
		}

		@GetMapping("/web-async-task")
		WebAsyncTask<String> webAsyncTask() {
			return new WebAsyncTask<>(10_000, () -> "task=" + this.instances.current("counter").call("increment")
					+ " again=" + this.instances.current("counter").call("increment"));
		}

		@GetMapping("/deferred")
		DeferredResult<String> deferred() {
			WasmInstance instance = this.instances.current("counter");
			Object first = instance.call("increment");
			DeferredResult<String> result = new DeferredResult<>(10_000L);
			completer.submit(() -> {
				// after the handler's dispatch has ended, which must not close the
				// instance
				Thread.sleep(300);
				return result.setResult("handler=" + first + " completer=" + instance.call("increment"));
			});
			return result;
		}

		@GetMapping("/timeout")
		WebAsyncTask<String> timeout() {
			return new WebAsyncTask<>(200, () -> {
				Object counted = this.instances.current("counter").call("increment");
				Thread.sleep(2_000);
				return "late " + counted;
			});
		}

	}

}
