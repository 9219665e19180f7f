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

import java.util.Map;

import dev.wasmspring.it.SampleClient.Answer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /quotes}: the tenant's plugin prices the order with the discounts the
 * service answers through its host functions.
 */
class QuoteEndpointTests extends SampleApplicationTests {

	@Test
	void pricesAnOrderWithTheTenantsDiscountForTheSku() {
		Answer answer = this.client.quote("acme", "BOOK-1", 3, 1299);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.contentType()).startsWith("application/json");
		assertThat(answer.text()).isEqualTo("{\"tenant\":\"acme\",\"plugin\":\"pricing\",\"sku\":\"BOOK-1\","
				+ "\"quantity\":3,\"unitCents\":1299,\"subtotalCents\":3897,\"discountPercent\":10,"
				+ "\"discountCents\":390,\"totalCents\":3507}");
	}

	@Test
	void anotherSkuOfTheSameTenantGetsItsOwnDiscount() {
		Answer answer = this.client.quote("acme", "PEN-7", 4, 250);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.number("discountPercent")).isEqualTo(25);
		assertThat(answer.number("discountCents")).isEqualTo(250);
		assertThat(answer.number("totalCents")).isEqualTo(750);
	}

	@Test
	void aSkuWithoutItsOwnDiscountGetsTheTenantsDefault() {
		Answer acme = this.client.quote("acme", "MUG-2", 2, 800);
		Answer globex = this.client.quote("globex", "BOOK-1", 3, 1299);

		assertThat(acme.number("discountPercent")).isZero();
		assertThat(acme.number("totalCents")).isEqualTo(1600);
		assertThat(globex.number("discountPercent")).isEqualTo(15);
		// 3897 * 15% = 584.55, rounded half up by the plugin
		assertThat(globex.number("discountCents")).isEqualTo(585);
		assertThat(globex.number("totalCents")).isEqualTo(3312);
	}

	@Test
	void changedTenantRulesApplyToTheNextQuote() {
		this.client.putJson("/tenants/quote-change",
				"{\"plugin\":\"pricing\",\"defaultDiscountPercent\":20,\"discountPercents\":{}}");
		Answer before = this.client.quote("quote-change", "BOOK-1", 1, 1000);

		this.client.putJson("/tenants/quote-change",
				"{\"plugin\":\"pricing\",\"defaultDiscountPercent\":20,\"discountPercents\":{\"BOOK-1\":50}}");
		Answer after = this.client.quote("quote-change", "BOOK-1", 1, 1000);

		assertThat(before.number("discountCents")).isEqualTo(200);
		assertThat(after.number("discountCents")).isEqualTo(500);
	}

	@Test
	void anOrderThePluginRefusesIsAnswered422WithThePluginsReason() {
		Answer negative = this.client.quote("acme", "BOOK-1", -1, 1299);
		Answer badSku = this.client.quote("acme", "BOOK 1!", 1, 1299);

		assertThat(negative.status()).isEqualTo(422);
		assertThat(negative.contentType()).startsWith("application/problem+json");
		assertThat(negative.string("title")).isEqualTo("Order rejected");
		assertThat(negative.string("module")).isEqualTo("pricing");
		assertThat(negative.string("reason")).isEqualTo("invalid quantity");
		assertThat(negative.string("detail")).isEqualTo("Plugin 'pricing' rejected the order: invalid quantity");
		assertThat(badSku.status()).isEqualTo(422);
		assertThat(badSku.string("reason")).isEqualTo("invalid sku");
	}

	@Test
	void aRequestWithoutTenantHeaderIsAnswered400() {
		Answer answer = this.client.postJson("/quotes", Map.of(),
				"{\"sku\":\"BOOK-1\",\"quantity\":3,\"unitCents\":1299}");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.string("detail")).isEqualTo("Required header 'X-Tenant' is not present.");
	}

	@Test
	void anUnknownTenantIsAnswered404() {
		Answer answer = this.client.quote("nobody", "BOOK-1", 3, 1299);

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.string("tenant")).isEqualTo("nobody");
		assertThat(answer.string("detail")).isEqualTo("Unknown tenant 'nobody'. Create it with PUT /tenants/nobody.");
	}

	@Test
	void anIncompleteOrderIsAnswered400() {
		Answer incomplete = this.client.postJson("/quotes", Map.of("X-Tenant", "acme"), "{\"sku\":\"BOOK-1\"}");

		assertThat(incomplete.status()).isEqualTo(400);
		assertThat(incomplete.string("detail")).isEqualTo("quantity is required");
	}

	@Test
	void anSkuThatTriesToAddFieldsToThePluginsJsonStaysOneValue() {
		// the sku is: BOOK-1","unitCents":1
		Answer injected = this.client.postJson("/quotes", Map.of("X-Tenant", "acme"),
				"{\"sku\":\"BOOK-1\\\",\\\"unitCents\\\":1\",\"quantity\":3,\"unitCents\":1299}");

		assertThat(injected.status()).isEqualTo(422);
		assertThat(injected.string("reason")).isEqualTo("invalid sku");
	}

}
