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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.wasmspring.it.SampleClient.Answer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Buggy tenant plugins: initech's loops forever and is stopped by its fuel budget, at the
 * same count of work every time, umbrella's aborts. Each failure ends that request only,
 * with a problem detail that names the plugin, the export and the limit.
 */
class GuardrailTests extends SampleApplicationTests {

	/** What initech's runaway quote answers, every time. */
	static final String RUNAWAY_DETAIL = "WASM module 'runaway' trapped in export 'quote' (FUEL_EXHAUSTED): the call "
			+ "used up its fuel budget of 10000000 units (wasm.modules.runaway.fuel (or wasm.fuel for every module)) "
			+ "after 10000001 units of work; raise the budget if the work is legitimate, or find the loop that "
			+ "does not end. The call was abandoned and the instance discarded; fix the plugin or its input.";

	@Test
	void aRunawayPluginIsStoppedByItsFuelBudgetAndAnswered503() {
		long start = System.nanoTime();
		Answer answer = this.client.quote("initech", "BOOK-1", 3, 1299);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.retryAfter()).as("the same request runs out again: no invitation to retry").isNull();
		assertThat(answer.contentType()).startsWith("application/problem+json");
		assertThat(answer.string("title")).isEqualTo("Plugin out of fuel");
		assertThat(answer.string("module")).isEqualTo("runaway");
		assertThat(answer.string("export")).isEqualTo("quote");
		assertThat(answer.string("trap")).isEqualTo("FUEL_EXHAUSTED");
		assertThat(answer.string("detail")).isEqualTo(RUNAWAY_DETAIL);
		// the budget stopped it, not the wall-clock backstop of 10 s
		assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void theRequestAfterARunawayIsServedNormally() {
		assertThat(this.client.quote("initech", "BOOK-1", 3, 1299).status()).isEqualTo(503);

		Answer healthy = this.client.quote("acme", "BOOK-1", 3, 1299);
		Answer runawayAgain = this.client.quote("initech", "BOOK-1", 3, 1299);

		assertThat(healthy.status()).isEqualTo(200);
		assertThat(healthy.number("totalCents")).isEqualTo(3507);
		assertThat(runawayAgain.status()).isEqualTo(503);
		assertThat(runawayAgain.string("detail")).isEqualTo(RUNAWAY_DETAIL);
		assertThat(this.client.awaitNoLiveInstances()).isZero();
	}

	@Test
	void aCrashingPluginIsAnswered502AndTheNextRequestIsServed() {
		Answer crashed = this.client.quote("umbrella", "BOOK-1", 3, 1299);
		Answer healthy = this.client.quote("acme", "BOOK-1", 3, 1299);

		assertThat(crashed.status()).isEqualTo(502);
		assertThat(crashed.string("title")).isEqualTo("Plugin failed");
		assertThat(crashed.string("module")).isEqualTo("crashing");
		assertThat(crashed.string("export")).isEqualTo("quote");
		assertThat(crashed.string("trap")).isEqualTo("UNREACHABLE");
		assertThat(crashed.string("detail"))
			.startsWith("WASM module 'crashing' trapped in export 'quote' (UNREACHABLE)")
			.endsWith("The call was abandoned and the instance discarded; fix the plugin or its input.");
		assertThat(healthy.status()).isEqualTo(200);
	}

	@Test
	void runawayPluginsDoNotHoldUpOtherTenantsServedAtTheSameTime() throws Exception {
		ExecutorService users = Executors.newFixedThreadPool(8);
		try {
			List<Future<Answer>> runaway = new ArrayList<>();
			List<Future<Answer>> healthy = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				runaway.add(users.submit(() -> this.client.quote("initech", "BOOK-1", 1, 100)));
			}
			for (int i = 0; i < 20; i++) {
				long quantity = i + 1;
				healthy.add(users.submit(() -> this.client.quote("globex", "BOOK-1", quantity, 1000)));
			}
			for (Future<Answer> answer : runaway) {
				assertThat(answer.get().status()).isEqualTo(503);
			}
			for (int i = 0; i < healthy.size(); i++) {
				Answer answer = healthy.get(i).get();
				assertThat(answer.status()).isEqualTo(200);
				assertThat(answer.number("totalCents")).isEqualTo((i + 1) * 850L);
			}
		}
		finally {
			users.shutdownNow();
		}
	}

}
