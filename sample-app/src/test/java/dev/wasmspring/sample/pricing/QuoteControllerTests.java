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

package dev.wasmspring.sample.pricing;

import dev.wasmspring.sample.tenant.TenantPlugins;
import dev.wasmspring.sample.tenant.TenantProperties;
import dev.wasmspring.sample.tenant.Tenants;
import dev.wasmspring.test.AutoConfigureWasm;
import dev.wasmspring.test.WasmHostCalls;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /quotes} with the real pricing plugin and its host functions stubbed: the
 * plugin's arithmetic and the questions it asks the service, without the rest of the
 * application.
 */
@WebMvcTest(QuoteController.class)
@AutoConfigureWasm
@Import({ QuoteService.class, Tenants.class, TenantPlugins.class })
class QuoteControllerTests {

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TenantProperties.class)
	static class TenantsFromTheApplicationsProperties {

	}

	@Autowired
	MockMvc mvc;

	@Autowired
	WasmHostCalls hostCalls;

	@Test
	void thePluginAppliesTheDiscountTheServiceAnswersForTheSku() throws Exception {
		this.hostCalls.stub("pricing", "discount_percent", (call) -> call.text(0).equals("BOOK-1") ? 10 : 0);

		this.mvc
			.perform(post("/quotes").header("X-Tenant", "acme")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"sku\":\"BOOK-1\",\"quantity\":3,\"unitCents\":1299}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subtotalCents").value(3897))
			.andExpect(jsonPath("$.discountCents").value(390))
			.andExpect(jsonPath("$.totalCents").value(3507));
		assertThat(this.hostCalls.calls("pricing", "discount_percent")).singleElement()
			.satisfies((call) -> assertThat(call.text(0)).isEqualTo("BOOK-1"));
		assertThat(this.hostCalls.calls("pricing", "log")).extracting((call) -> call.text(0))
			.containsExactly("sku BOOK-1: 10% discount");
	}

	@Test
	void aDiscountOutsideZeroToAHundredIsRefusedByThePlugin() throws Exception {
		this.hostCalls.stub("pricing", "discount_percent", (call) -> 150);

		this.mvc
			.perform(post("/quotes").header("X-Tenant", "acme")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"sku\":\"BOOK-1\",\"quantity\":3,\"unitCents\":1299}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.reason").value("invalid discount"));
	}

}
