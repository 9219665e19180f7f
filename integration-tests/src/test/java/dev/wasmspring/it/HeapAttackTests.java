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
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wasmspring.it.SampleClient.Answer;
import dev.wasmspring.sample.PricingApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application in a JVM of its own with a 256 MiB heap, two tenants of which
 * run plugins written by an attacker: one grows and writes its memory under a careless
 * {@code max-memory} of 2000 MB, one answers 16 MiB; and its coupon rules are replaced by
 * an Extism plugin that allocates kernel blocks without end. Eight of each are thrown at
 * it at once, continuously, while a client makes twenty probes: health, and a quote of an
 * ordinary tenant. Every probe and every ordinary quote is answered, the bombs end in 503
 * with {@code Retry-After} (or, for an answer the budget had room to copy, 502), no
 * {@link Error} is logged, and no instance is left open.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HeapAttackTests {

	/** Probes made while the bombs run: each a health probe and an ordinary quote. */
	private static final int PROBES = 20;

	/**
	 * The most the probes may take together: on two loaded cores sixteen bombs leave a
	 * probe little CPU.
	 */
	private static final Duration MOST = Duration.ofSeconds(150);

	@Test
	void serviceAnswersHealthAndOrdinaryQuotesWhileSixteenBombsRun() throws Exception {
		int port = freePort();
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), PricingApplication.class.getName(), "--server.port=" + port,
				"--wasm.modules.memory-bomb.location=classpath:wasm/quote-memory-bomb.wasm",
				"--wasm.modules.memory-bomb.max-memory=2000MB",
				"--wasm.modules.answer-bomb.location=classpath:wasm/quote-answer-bomb.wasm",
				"--wasm.modules.answer-bomb.max-memory=64MB", "--wasm.modules.answer-bomb.max-answer-size=32MB",
				"--pricing.tenants.mallory.plugin=memory-bomb", "--pricing.tenants.trudy.plugin=answer-bomb",
				// the coupon rules replaced by an Extism plugin that allocates kernel
				// blocks without end
				"--wasm.modules.coupons.location=classpath:wasm/coupon-bomb.wasm",
				"--wasm.modules.coupons.max-memory=2000MB",
				// the default half of the heap leaves too little beside what is not
				// counted (answers being decoded by
				// typed interfaces, 24 requests' buffers) in a heap of 256 MiB: an
				// operator sets a smaller share
				"--wasm.memory-budget=96MB",
				// the ordinary tenant's honest quote takes microseconds of CPU, but
				// sixteen
				// bombs on two cores and a collector working the small heap can hold its
				// thread for seconds: its wall-clock backstop is generous, so that a slow
				// answer is seen as slow and not as the plugin's fault
				"--wasm.modules.pricing.timeout=60s");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		StringBuffer output = new StringBuffer();
		Thread reader = drain(process.getInputStream(), output);
		try {
			SampleClient client = new SampleClient(port);
			awaitUp(client, process, output);
			AtomicBoolean stop = new AtomicBoolean();
			Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
			Map<String, String> examples = new ConcurrentHashMap<>();
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < 24; i++) {
				String bomb = List.of("mallory", "trudy", "coupons").get(i % 3);
				SampleClient bomber = new SampleClient(port);
				threads.add(start(() -> {
					while (!stop.get()) {
						Answer answer = bomb.equals("coupons") ? bomber.get("/coupons/SPRING10")
								: bomber.quote(bomb, "BOOK-1", 1, 100);
						String retry = (answer.status() == 503 && answer.retryAfter() != null) ? "+retry-after" : "";
						String outcome = bomb + ":" + answer.status() + retry;
						count(outcomes, outcome);
						examples.putIfAbsent(outcome, answer.text());
					}
				}));
			}
			int probes = 0;
			List<String> failedProbes = new ArrayList<>();
			long end = System.nanoTime() + MOST.toNanos();
			while (probes < PROBES && System.nanoTime() < end) {
				Answer health = client.get("/actuator/health");
				Answer quote = client.quote("acme", "BOOK-1", 3, 1299);
				probes++;
				if (health.status() != 200) {
					failedProbes.add("health " + health.status());
				}
				if (quote.status() != 200 || quote.number("totalCents") != 3507) {
					failedProbes.add("quote " + quote.status() + " " + quote.text());
				}
				Thread.sleep(50);
			}
			stop.set(true);
			for (Thread thread : threads) {
				thread.join(60_000);
			}
			System.out.println("heap attack over HTTP: probes=" + probes + ", outcomes=" + outcomes);
			// the application's log, for a look when an assertion below fails
			Files.writeString(Path.of("target", "heap-attack-application.log"), output.toString());
			assertThat(probes).isEqualTo(PROBES);
			assertThat(failedProbes).isEmpty();
			// the bombs end as the budget's refusal, with a hint to retry (503); or as
			// nonsense (502): the 16 MiB of
			// zeros an answer bomb sends when the budget had room to copy them, the empty
			// answer a memory bomb gives
			// when memory.grow returned -1 because its page table did not fit; on a
			// loaded machine a bomb may also
			// run into its 2 s timeout first (504)
			assertThat(outcomes.keySet()).allMatch(
					(key) -> key.endsWith(":503+retry-after") || key.equals("trudy:502") || key.equals("mallory:502")
							|| key.endsWith(":504"),
					"the expected outcomes: " + outcomes + ", one answer of each: " + examples
							+ ", the application's errors: " + errors(output));
			assertThat(outcomes).containsKeys("mallory:503+retry-after", "coupons:503+retry-after");
			assertThat(client.awaitNoLiveInstances()).isZero();
			Answer wasm = client.get("/actuator/wasm");
			assertThat(wasm.json().path("memory").path("reservedBytes").asLong()).isZero();
			assertThat(wasm.json().path("memory").path("refusals").asLong()).isPositive();
			Answer after = client.quote("acme", "BOOK-1", 3, 1299);
			assertThat(after.status()).isEqualTo(200);
		}
		finally {
			process.destroy();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
			reader.join(5_000);
		}
		String log = output.toString();
		assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain("Exception in thread");
	}

	private static void awaitUp(SampleClient client, Process process, StringBuffer output) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(process.isAlive()).as(output::toString).isTrue();
			try {
				if (client.get("/actuator/health").status() == 200) {
					return;
				}
			}
			catch (RuntimeException notYet) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new AssertionError("The sample did not start within 90 s:\n" + output);
	}

	/**
	 * The lines the application logged at level ERROR, each with the stack trace that
	 * follows it.
	 * @param output the application's output
	 * @return the lines
	 */
	private static String errors(StringBuffer output) {
		StringBuilder errors = new StringBuilder();
		int following = 0;
		for (String line : output.toString().split("\n")) {
			if (line.contains(" ERROR ")) {
				following = 25;
			}
			if (following > 0) {
				errors.append(line).append('\n');
				following--;
			}
		}
		return errors.toString();
	}

	private static Thread drain(InputStream in, StringBuffer into) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try {
				for (int read; (read = in.read(buffer)) >= 0;) {
					into.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
				}
			}
			catch (IOException ended) {
				// the process is gone
			}
		});
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static Thread start(Runnable action) {
		Thread thread = new Thread(action);
		thread.start();
		return thread;
	}

	private static void count(Map<String, AtomicInteger> outcomes, String key) {
		outcomes.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
