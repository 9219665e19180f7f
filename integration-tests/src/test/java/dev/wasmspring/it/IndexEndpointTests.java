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
