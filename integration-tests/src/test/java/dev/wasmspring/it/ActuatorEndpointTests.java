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
 * The sample's Actuator: a {@code wasm} health component per plugin and the read-only
 * {@code wasm} endpoint.
 */
class ActuatorEndpointTests extends SampleApplicationTests {

	@Test
	void healthHasAComponentPerPlugin() {
		Answer health = this.client.get("/actuator/health");

		assertThat(health.status()).isEqualTo(200);
		var plugins = health.json().path("components").path("wasm").path("components");
		assertThat(plugins.propertyNames()).containsExactlyInAnyOrder("coupons", "crashing", "pricing", "receipt",
				"runaway", "slugify");
		assertThat(plugins.path("pricing").path("status").asString()).isEqualTo("UP");
		assertThat(plugins.path("pricing").path("details").path("engine").asString()).isEqualTo("compiler");
		assertThat(plugins.path("runaway").path("details").path("timeout").asString()).isEqualTo("PT10S");
	}

	@Test
	void theEndpointDescribesThePluginsAndRefusesReloadsByDefault() {
		Answer wasm = this.client.get("/actuator/wasm/pricing");

		assertThat(wasm.status()).isEqualTo(200);
		assertThat(wasm.string("source")).isEqualTo("classpath:plugins/pricing.wasm");
		assertThat(wasm.json().path("imports").findValuesAsString("module")).contains("pricing",
				"wasi_snapshot_preview1");
		assertThat(this.client.postJson("/actuator/wasm/pricing", Map.of(), "").status()).isIn(404, 405);
	}

}
