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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.it.SampleClient.Answer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 clients at once, each a different tenant with its own discount: every answer carries
 * its own tenant's context, never another's. The discount reaches the plugin through a
 * host function that reads the tenant from the request the calling instance belongs to.
 */
class ConcurrentTenantsTests extends SampleApplicationTests {

	private static final int CLIENTS = 64;

	private static final int QUOTES_PER_CLIENT = 10;

	@Test
	void sixtyFourConcurrentTenantsEachGetTheirOwnDiscount() throws Exception {
		for (int i = 0; i < CLIENTS; i++) {
			assertThat(this.client
				.putJson("/tenants/" + tenant(i), "{\"plugin\":\"pricing\",\"defaultDiscountPercent\":" + i + "}")
				.status()).isIn(200, 201);
		}
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<List<String>>> clients = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				clients.add(threads.submit(client(i, start)));
			}
			start.countDown();
			List<String> mismatches = new ArrayList<>();
			for (Future<List<String>> client : clients) {
				mismatches.addAll(client.get(120, TimeUnit.SECONDS));
			}
			assertThat(mismatches).isEmpty();
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.client.awaitNoLiveInstances()).isZero();
	}

	/**
	 * One client: its own connections, its own tenant, quotes whose discount only that
	 * tenant's rate explains.
	 */
	private Callable<List<String>> client(int index, CountDownLatch start) {
		return () -> {
			SampleClient client = new SampleClient(this.port);
			String tenant = tenant(index);
			List<String> mismatches = new ArrayList<>();
			start.await();
			for (int q = 1; q <= QUOTES_PER_CLIENT; q++) {
				long unitCents = 1000 + index;
				Answer answer = client.quote(tenant, "SKU-" + index, q, unitCents);
				long subtotal = q * unitCents;
				long discount = (subtotal * index + 50) / 100;
				String expected = "{\"tenant\":\"" + tenant + "\",\"plugin\":\"pricing\",\"sku\":\"SKU-" + index
						+ "\",\"quantity\":" + q + ",\"unitCents\":" + unitCents + ",\"subtotalCents\":" + subtotal
						+ ",\"discountPercent\":" + index + ",\"discountCents\":" + discount + ",\"totalCents\":"
						+ (subtotal - discount) + "}";
				if (answer.status() != 200 || !answer.text().equals(expected)) {
					mismatches.add(tenant + " expected " + expected + " but got " + answer);
				}
			}
			return mismatches;
		};
	}

	private static String tenant(int index) {
		return "tenant-" + index;
	}

}
