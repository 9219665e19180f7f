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
 * {@code GET /coupons/{code}}: an Extism plugin built with Extism's AssemblyScript PDK
 * checks the code against its config from application.yml and names the campaign through
 * a host function.
 */
class CouponEndpointTests extends SampleApplicationTests {

	@Test
	void aKnownCouponIsAnsweredWithItsPercentAndCampaign() {
		Answer answer = this.client.get("/coupons/spring10");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text()).isEqualTo("{\"code\":\"SPRING10\",\"percent\":10,\"campaign\":\"spring campaign\"}");
	}

	@Test
	void anUnknownCouponIsRefusedWithThePluginsOwnMessageAndTheNextRequestWorks() {
		Answer answer = this.client.get("/coupons/NOPE");

		assertThat(answer.status()).isEqualTo(422);
		assertThat(answer.string("title")).isEqualTo("Plugin refused");
		assertThat(answer.string("reason")).isEqualTo("unknown coupon 'NOPE'");
		assertThat(answer.string("module")).isEqualTo("coupons");
		assertThat(this.client.get("/coupons/VIP").status()).isEqualTo(200);
	}

	@Test
	void aMalformedCodeIsAnswered400() {
		Answer answer = this.client.get("/coupons/a%20b");

		assertThat(answer.status()).isEqualTo(400);
	}

}
