package dev.wasmspring.it;

import org.junit.jupiter.api.Test;

import dev.wasmspring.it.SampleClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /}: the endpoints, for a first visit.
 */
class IndexEndpointTests extends SampleApplicationTests {

	@Test
	void listsTheEndpoints() {
		Answer answer = this.client.get("/");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.string("service")).isEqualTo("pricing-service");
		assertThat(answer.json().path("endpoints").propertyNames()).containsExactly("POST /quotes",
				"GET /tenants/{tenant}", "PUT /tenants/{tenant}", "GET /slug?text=...", "GET /plugins",
				"PUT /plugins/{name}");
	}

}
