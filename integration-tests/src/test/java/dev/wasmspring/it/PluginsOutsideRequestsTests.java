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

import dev.wasmspring.autoconfigure.WasmInstances;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmCallException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample's plugins used the way a batch job would, with instances the caller creates
 * and closes: the tenant comes from the instance's attributes instead of a request
 * header.
 */
class PluginsOutsideRequestsTests extends SampleApplicationTests {

	@Autowired
	WasmInstances instances;

	@Autowired
	@Qualifier("slugify")
	ObjectProvider<WasmInstance> slugify;

	@Autowired
	WasmRuntime runtime;

	@Test
	void aPricingInstanceCreatedWithATenantAttributePricesForThatTenant() {
		try (WasmInstance plugin = this.instances.create("pricing", Map.of("tenant", "globex"))) {
			assertThat(plugin.callText("quote", "{\"sku\":\"BOOK-1\",\"quantity\":3,\"unitCents\":1299}"))
				.isEqualTo("{\"subtotalCents\":3897,\"discountCents\":585,\"totalCents\":3312}");
		}
	}

	@Test
	void aPricingInstanceWithoutTenantFailsItsCallWithAMessageSayingHowToGiveOne() {
		try (WasmInstance plugin = this.instances.create("pricing")) {
			assertThatExceptionOfType(WasmCallException.class)
				.isThrownBy(() -> plugin.callText("quote", "{\"sku\":\"BOOK-1\",\"quantity\":3,\"unitCents\":1299}"))
				.satisfies((thrown) -> assertThat(thrown.getReason())
					.isEqualTo(WasmCallException.Reason.HOST_FUNCTION_FAILED))
				.satisfies((ex) -> assertThat(ex.getImportName()).isEqualTo("pricing.discount_percent"))
				.withMessageContaining("asked for a tenant's pricing, but its instance serves no tenant")
				.withMessageContaining("or with the attribute 'tenant'");
			assertThat(plugin.isOpen()).isFalse();
		}
	}

	@Test
	void eachInstanceFromTheProviderIsNewAndClosedByItsCaller() {
		// instances of earlier requests are closed a moment after their answers
		assertThat(this.client.awaitNoLiveInstances()).isZero();
		long liveBefore = this.runtime.statistics().liveInstances();
		try (WasmInstance first = this.slugify.getObject(); WasmInstance second = this.slugify.getObject()) {
			assertThat(first).isNotSameAs(second);
			assertThat(first.callText("slugify", "Nightly Batch")).isEqualTo("nightly-batch");
			assertThat(this.runtime.statistics().liveInstances()).isEqualTo(liveBefore + 2);
		}
		assertThat(this.runtime.statistics().liveInstances()).isEqualTo(liveBefore);
	}

}
