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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.wasmspring.it.SampleClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample meters its plugins with fuel (application.yml): a runaway plugin is stopped
 * by its budget, at the same count of work on every request, however busy the machine;
 * honest quotes, far inside their budgets, succeed while every core of the machine is
 * kept busy, because the wall-clock timeout is only a generous backstop. The fuel is read
 * from the answers and from the {@code wasm.call.fuel} metric, over HTTP.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FuelOverHttpTests extends SampleApplicationTests {

	/** Honest quotes made while the machine is kept busy. */
	private static final int HONEST_QUOTES = 120;

	@Test
	void aRunawayQuoteRunsOutOfFuelAtTheSameCountOnEveryRequest() {
		Fuel before = fuel("runaway");
		Answer first = this.client.quote("initech", "BOOK-1", 3, 1299);
		long perRequest = fuel("runaway").total() - before.total();

		assertRunawayAnswer(first);
		assertThat(perRequest).isGreaterThan(10_000_000);
		for (int i = 0; i < 5; i++) {
			Fuel previous = fuel("runaway");
			Answer again = this.client.quote("initech", "BOOK-1", 3, 1299);
			assertRunawayAnswer(again);
			// the same answer, naming the same count of work, and the same fuel recorded
			assertThat(again.string("detail")).isEqualTo(first.string("detail"));
			assertThat(fuel("runaway").total() - previous.total()).isEqualTo(perRequest);
		}
		Answer next = this.client.quote("acme", "BOOK-1", 3, 1299);
		assertThat(next.status()).isEqualTo(200);
		assertThat(next.number("totalCents")).isEqualTo(3507);
	}

	@Test
	void honestQuotesAllSucceedWhileEveryCoreIsBusyAndARunawayKeepsRunningOut() throws Exception {
		// quiet: what one honest quote and one runaway quote consume
		Fuel quiet = fuel("pricing");
		assertThat(this.client.quote("acme", "BOOK-1", 3, 1299).status()).isEqualTo(200);
		long honestFuel = fuel("pricing").total() - quiet.total();
		Answer quietRunaway = this.client.quote("initech", "BOOK-1", 3, 1299);
		assertRunawayAnswer(quietRunaway);

		AtomicBoolean stop = new AtomicBoolean();
		List<Thread> threads = new ArrayList<>();
		// every core busy: threads spinning in this JVM, the one the sample serves from
		int cores = Runtime.getRuntime().availableProcessors();
		AtomicLong sink = new AtomicLong();
		for (int i = 0; i < 2 * cores; i++) {
			threads.add(daemon(() -> {
				long x = 0;
				while (!stop.get()) {
					for (int j = 0; j < 100_000; j++) {
						x = x * 6364136223846793005L + 1442695040888963407L;
					}
				}
				sink.addAndGet(x);
			}));
		}
		// and runaway quotes, each burning its whole budget, four at a time
		Set<String> runawayAnswers = ConcurrentHashMap.newKeySet();
		AtomicInteger runaways = new AtomicInteger();
		for (int i = 0; i < 4; i++) {
			SampleClient attacker = new SampleClient(this.port);
			threads.add(daemon(() -> {
				while (!stop.get()) {
					Answer answer = attacker.quote("initech", "BOOK-1", 3, 1299);
					runawayAnswers.add(answer.status() + " " + answer.retryAfter() + " " + answer.string("trap") + " "
							+ answer.string("detail"));
					runaways.incrementAndGet();
				}
			}));
		}
		Fuel honestBefore = fuel("pricing");
		List<String> failures = new ArrayList<>();
		long slowestNanos = 0;
		String loadDuring;
		try {
			for (int i = 0; i < HONEST_QUOTES; i++) {
				long start = System.nanoTime();
				Answer answer = this.client.quote("acme", "BOOK-1", 3, 1299);
				slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
				if (answer.status() != 200 || answer.number("totalCents") != 3507) {
					failures.add(answer.toString());
				}
			}
			loadDuring = loadAverage();
		}
		finally {
			stop.set(true);
			for (Thread thread : threads) {
				thread.join(30_000);
			}
		}
		Fuel honestAfter = fuel("pricing");
		System.out.println("fuel over HTTP under load: " + HONEST_QUOTES + " honest quotes, " + failures.size()
				+ " failed, slowest " + TimeUnit.NANOSECONDS.toMillis(slowestNanos) + " ms, " + runaways
				+ " runaway quotes alongside, " + (2 * cores) + " spinning threads on " + cores
				+ " cores, load average " + loadDuring + ", fuel per honest quote " + honestFuel);

		assertThat(failures).isEmpty();
		// every honest quote consumed what the quiet one did, the runaways' included
		assertThat(honestAfter.total() - honestBefore.total()).isEqualTo(HONEST_QUOTES * honestFuel);
		// every runaway ran out at the same count as on the quiet machine
		assertThat(runaways.get()).isPositive();
		assertThat(runawayAnswers).containsExactly("503 null FUEL_EXHAUSTED " + quietRunaway.string("detail"));
		// and the next request after a runaway works
		assertRunawayAnswer(this.client.quote("initech", "BOOK-1", 3, 1299));
		Answer next = this.client.quote("globex", "BOOK-1", 2, 1000);
		assertThat(next.status()).isEqualTo(200);
		assertThat(next.number("totalCents")).isEqualTo(1700);
		assertThat(this.client.awaitNoLiveInstances()).isZero();
	}

	private static void assertRunawayAnswer(Answer answer) {
		assertThat(answer.status()).as(answer::toString).isEqualTo(503);
		assertThat(answer.retryAfter()).isNull();
		assertThat(answer.string("title")).isEqualTo("Plugin out of fuel");
		assertThat(answer.string("module")).isEqualTo("runaway");
		assertThat(answer.string("export")).isEqualTo("quote");
		assertThat(answer.string("trap")).isEqualTo("FUEL_EXHAUSTED");
		assertThat(answer.string("detail")).isEqualTo(GuardrailTests.RUNAWAY_DETAIL);
	}

	/**
	 * The {@code wasm.call.fuel} distribution of one module, read over HTTP.
	 * @param module the module
	 * @return its count of calls and the fuel they consumed in all
	 */
	private Fuel fuel(String module) {
		Answer answer = this.client.get("/actuator/metrics/wasm.call.fuel?tag=wasm.module:" + module);
		if (answer.status() == 404) {
			// no call into the module yet
			return new Fuel(0, 0);
		}
		assertThat(answer.status()).as(answer::toString).isEqualTo(200);
		long count = 0;
		long total = 0;
		for (JsonNode measurement : answer.json().path("measurements")) {
			switch (measurement.path("statistic").asString()) {
				case "COUNT" -> count = (long) measurement.path("value").asDouble();
				case "TOTAL" -> total = (long) measurement.path("value").asDouble();
				default -> {
				}
			}
		}
		return new Fuel(count, total);
	}

	private static Thread daemon(Runnable work) {
		Thread thread = new Thread(work);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private record Fuel(long count, long total) {

	}

}
