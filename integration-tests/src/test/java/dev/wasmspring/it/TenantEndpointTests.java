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

import dev.wasmspring.it.SampleClient.Answer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /tenants/{tenant}} and {@code PUT /tenants/{tenant}}.
 */
class TenantEndpointTests extends SampleApplicationTests {

	@Test
	void readsTheRulesATenantStartedWith() {
		Answer answer = this.client.get("/tenants/acme");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text()).isEqualTo(
				"{\"plugin\":\"pricing\",\"defaultDiscountPercent\":0,\"discountPercents\":{\"BOOK-1\":10,\"PEN-7\":25}}");
	}

	@Test
	void createsATenantThenReplacesItsRules() {
		Answer created = this.client.putJson("/tenants/hooli",
				"{\"plugin\":\"pricing\",\"defaultDiscountPercent\":5,\"discountPercents\":{\"BOOK-1\":12}}");
		Answer replaced = this.client.putJson("/tenants/hooli",
				"{\"plugin\":\"pricing\",\"defaultDiscountPercent\":7}");
		Answer read = this.client.get("/tenants/hooli");

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.text())
			.isEqualTo("{\"plugin\":\"pricing\",\"defaultDiscountPercent\":5,\"discountPercents\":{\"BOOK-1\":12}}");
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(read.text())
			.isEqualTo("{\"plugin\":\"pricing\",\"defaultDiscountPercent\":7,\"discountPercents\":{}}");
	}

	@Test
	void anUnknownTenantIsAnswered404() {
		Answer answer = this.client.get("/tenants/nobody");

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.string("title")).isEqualTo("Unknown tenant");
	}

	@Test
	void aDiscountOutsideZeroToHundredIsAnswered400AndChangesNothing() {
		Answer answer = this.client.putJson("/tenants/acme", "{\"plugin\":\"pricing\",\"defaultDiscountPercent\":150}");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.string("detail"))
			.isEqualTo("defaultDiscountPercent must be a percentage from 0 to 100, not 150");
		assertThat(this.client.get("/tenants/acme").number("defaultDiscountPercent")).isZero();
	}

	@Test
	void aMalformedTenantNameIsAnswered400() {
		Answer answer = this.client.putJson("/tenants/Not_A_Name", "{\"plugin\":\"pricing\"}");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.string("detail")).startsWith("Tenant name 'Not_A_Name' is not valid");
	}

	@Test
	void rulesNamingAPluginThatCannotPriceAreAnswered422() {
		Answer missing = this.client.putJson("/tenants/hooli-missing", "{\"plugin\":\"nothere\"}");
		Answer notPricing = this.client.putJson("/tenants/hooli-slugs", "{\"plugin\":\"slugify\"}");

		assertThat(missing.status()).isEqualTo(422);
		assertThat(missing.string("detail"))
			.isEqualTo("There is no plugin 'nothere'. The plugins are [coupons, crashing, pricing, receipt, "
					+ "runaway, slugify].");
		assertThat(notPricing.status()).isEqualTo(422);
		assertThat(notPricing.string("detail"))
			.isEqualTo("Plugin 'slugify' cannot price orders: it does not export quote(i32, i32) -> i64.");
		assertThat(this.client.get("/tenants/hooli-slugs").status()).isEqualTo(404);
	}

}
