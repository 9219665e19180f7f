package dev.wasmspring.it;

import org.junit.jupiter.api.Test;

import dev.wasmspring.it.SampleClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /coupons/{code}}: an Extism plugin built with Extism's AssemblyScript PDK checks the code against
 * its config from application.yml and names the campaign through a host function.
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
