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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.wasmspring.it.SampleClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /plugins} and {@code PUT /plugins/{name}}: what is loaded, and replacing a
 * plugin while the service runs. Every test leaves the shipped plugins in place.
 */
class PluginEndpointTests extends SampleApplicationTests {

	@AfterEach
	void restoreShippedPlugins() {
		for (String plugin : List.of("pricing", "runaway", "slugify")) {
			assertThat(this.client.putWasm("/plugins/" + plugin, Plugins.sample(plugin)).status()).isEqualTo(200);
		}
	}

	@Test
	void listsTheLoadedPluginsWithTheDigestsOfTheirBytesAndTheirLimits() {
		Answer answer = this.client.get("/plugins");

		assertThat(answer.status()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		for (JsonNode plugin : answer.json().path("plugins")) {
			String name = plugin.path("name").asString();
			names.add(name);
			assertThat(plugin.path("sha256").asString()).as(name).isEqualTo(Plugins.sha256(Plugins.sample(name)));
			assertThat(plugin.path("maxMemoryBytes").asLong()).as(name).isEqualTo(4L * 1024 * 1024);
			if (name.equals("coupons")) {
				// an Extism plugin: no allocator, exports that read their input from
				// Extism's kernel
				assertThat(plugin.path("exports").path("check_coupon").asString()).isEqualTo("() -> i32");
			}
			else if (name.equals("receipt")) {
				// a WASI command: its input is its stdin
				assertThat(plugin.path("exports").has("_start")).isTrue();
			}
			else {
				assertThat(plugin.path("exports").path("alloc").asString()).as(name).isEqualTo("(i32) -> i32");
			}
		}
		assertThat(names).containsExactly("coupons", "crashing", "pricing", "receipt", "runaway", "slugify");
		JsonNode runaway = answer.json().path("plugins").get(4);
		assertThat(runaway.path("timeoutMillis").asLong()).isEqualTo(10_000);
		assertThat(runaway.path("fuel").asLong()).isEqualTo(10_000_000);
		assertThat(runaway.path("exports").path("quote").asString()).isEqualTo("(i32, i32) -> i64");
		assertThat(answer.json().path("plugins").get(2).path("timeoutMillis").asLong()).isEqualTo(10_000);
		assertThat(answer.json().path("plugins").get(2).path("fuel").asLong()).isEqualTo(10_000_000);
		assertThat(answer.json().path("plugins").get(3).path("fuel").asLong()).isEqualTo(1_000_000_000);
	}

	@Test
	void replacingATenantsRunawayPluginFixesItsQuotesWithoutARestart() {
		assertThat(this.client.quote("initech", "BOOK-1", 3, 1299).status()).isEqualTo(503);

		Answer replaced = this.client.putWasm("/plugins/runaway", Plugins.sample("pricing"));
		Answer quote = this.client.quote("initech", "BOOK-1", 3, 1299);

		assertThat(replaced.status()).isEqualTo(200);
		assertThat(replaced.string("name")).isEqualTo("runaway");
		assertThat(replaced.string("sha256")).isEqualTo(Plugins.sha256(Plugins.sample("pricing")));
		assertThat(replaced.string("previousSha256")).isEqualTo(Plugins.sha256(Plugins.sample("runaway")));
		assertThat(quote.status()).isEqualTo(200);
		// initech's own discount (5%), asked for by the new plugin through the host
		// function
		assertThat(quote.number("discountPercent")).isEqualTo(5);
		assertThat(quote.number("totalCents")).isEqualTo(3702);
	}

	@Test
	void bytesThatAreNotAModuleAreRefused422AndThePluginKeepsServing() {
		Answer answer = this.client.putWasm("/plugins/slugify", "not wasm".getBytes(StandardCharsets.UTF_8));

		assertThat(answer.status()).isEqualTo(422);
		assertThat(answer.string("title")).isEqualTo("Plugin rejected");
		assertThat(answer.string("module")).isEqualTo("slugify");
		assertThat(answer.string("detail")).isEqualTo("The new module for plugin 'slugify' is not a WebAssembly "
				+ "binary (bad magic number or version). Upload a compiled .wasm file. Nothing was replaced.");
		assertThat(this.client.get("/slug?text=Still+here").string("slug")).isEqualTo("still-here");
	}

	@Test
	void aModuleWithoutTheExportsTheServiceCallsIsRefused422() {
		Answer answer = this.client.putWasm("/plugins/pricing", Plugins.sample("slugify"));

		assertThat(answer.status()).isEqualTo(422);
		assertThat(answer.string("detail")).isEqualTo("The new module for plugin 'pricing' does not export "
				+ "quote(i32, i32) -> i64, which the service calls on this plugin. It exports {alloc=(i32) -> i32, "
				+ "slugify=(i32, i32) -> i64}. Nothing was replaced.");
		assertThat(this.client.quote("acme", "BOOK-1", 3, 1299).number("totalCents")).isEqualTo(3507);
	}

	@Test
	void aModuleImportingAHostFunctionTheServiceLacksIsRefused422() {
		Answer answer = this.client.putWasm("/plugins/runaway", Plugins.testing("pricing-needs-tax"));

		assertThat(answer.status()).isEqualTo(422);
		assertThat(answer.string("module")).isEqualTo("runaway");
		assertThat(answer.string("import")).isEqualTo("pricing.tax_percent");
		assertThat(answer.string("detail")).contains("pricing.tax_percent", "no host function provides it");
		assertThat(this.client.get("/plugins").json().path("plugins").get(4).path("sha256").asString())
			.isEqualTo(Plugins.sha256(Plugins.sample("runaway")));
	}

	@Test
	void anUnknownPluginIsAnswered404() {
		Answer answer = this.client.putWasm("/plugins/nothere", Plugins.sample("pricing"));

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.string("detail")).isEqualTo("There is no plugin 'nothere'. The plugins are [coupons, "
				+ "crashing, pricing, receipt, runaway, slugify]; only those can be replaced. New plugins are added under "
				+ "wasm.modules, with a restart.");
	}

}
