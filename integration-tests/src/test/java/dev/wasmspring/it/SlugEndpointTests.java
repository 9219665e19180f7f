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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import dev.wasmspring.it.SampleClient.Answer;
import org.junit.jupiter.api.Test;

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
