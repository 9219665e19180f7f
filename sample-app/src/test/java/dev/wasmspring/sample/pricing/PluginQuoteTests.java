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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PluginQuote}: a plugin's answer is a quote, a refusal, or a broken
 * contract.
 */
class PluginQuoteTests {

	@Test
	void anAnswerWithEveryAmountIsAQuote() {
		PluginQuote answer = new PluginQuote(3897L, 390L, 3507L, null);

		assertThat(answer.checked("pricing")).isSameAs(answer);
	}

	@Test
	void anErrorIsTheOrdersRefusalWithThePluginsReason() {
		assertThatExceptionOfType(OrderRejectedException.class)
			.isThrownBy(() -> new PluginQuote(null, null, null, "missing quantity").checked("pricing"))
			.withMessage("Plugin 'pricing' rejected the order: missing quantity")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("missing quantity"));
	}

	@Test
	void anAnswerMissingAnAmountBreaksThePluginsContract() {
		assertThatExceptionOfType(PluginAnswerException.class)
			.isThrownBy(() -> new PluginQuote(3897L, null, 3507L, null).checked("tenant-plugin"))
			.withMessage("WASM module 'tenant-plugin' export 'quote' answered PluginQuote[subtotalCents=3897, "
					+ "discountCents=null, totalCents=3507, error=null], which is not a quote. A pricing plugin "
					+ "answers {\"subtotalCents\":<cents>,\"discountCents\":<cents>,\"totalCents\":<cents>} or "
					+ "{\"error\":\"<reason>\"}; fix the plugin.")
			.satisfies((ex) -> assertThat(ex.getPlugin()).isEqualTo("tenant-plugin"));
	}

}
