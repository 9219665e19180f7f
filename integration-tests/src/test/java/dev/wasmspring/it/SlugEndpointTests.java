package dev.wasmspring.it;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.wasmspring.it.SampleClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /slug}: text in, text out through the {@code slugify} plugin.
 */
class SlugEndpointTests extends SampleApplicationTests {

	@Test
	void turnsATitleIntoASlug() {
		Answer answer = slug("  Hello, Wörld 2024! ");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text()).isEqualTo("{\"text\":\"  Hello, Wörld 2024! \",\"slug\":\"hello-w-rld-2024\"}");
	}

	@Test
	void eachRequestGetsItsOwnPluginInstanceClosedWhenTheRequestEnds() {
		long createdBefore = this.client.get("/plugins").number("instancesCreated");

		for (int i = 0; i < 20; i++) {
			assertThat(slug("Request " + i).string("slug")).isEqualTo("request-" + i);
		}

		assertThat(this.client.get("/plugins").number("instancesCreated") - createdBefore).isEqualTo(20);
		assertThat(this.client.awaitNoLiveInstances()).isZero();
	}

	@Test
	void aMissingTextIsAnswered400() {
		Answer answer = this.client.get("/slug");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.string("detail")).isEqualTo("Required parameter 'text' is not present.");
	}

	@Test
	void aTextOverTheLimitIsAnswered400() {
		Answer answer = slug("x".repeat(1001));

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.string("detail")).isEqualTo("text is 1001 characters long; the limit is 1000");
	}

	private Answer slug(String text) {
		return this.client.get("/slug?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
	}

}
