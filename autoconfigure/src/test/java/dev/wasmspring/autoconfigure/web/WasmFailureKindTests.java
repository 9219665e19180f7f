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

package dev.wasmspring.autoconfigure.web;

import java.util.List;

import dev.wasmspring.autoconfigure.observation.DefaultWasmObservationConvention;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmPluginException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every failure has one name, the same in an HTTP answer's problem detail
 * ({@code failure}) and in metrics ({@code wasm.failure}).
 */
class WasmFailureKindTests {

	private static final MetricsNames metrics = new MetricsNames();

	@ParameterizedTest
	@EnumSource(WasmCallException.Reason.class)
	void everyCallFailureHasTheNameItHasInMetrics(WasmCallException.Reason reason) {
		WasmCallException ex = new WasmCallException(reason, "pricing", "quote", "failed", null);
		assertThat(WasmFailureKind.of(ex).failure()).isEqualTo(metrics.failure(ex)).isNotEqualTo("other");
		assertThat(WasmFailureKind.of(ex).problem(ex).getProperties()).containsEntry("failure", metrics.failure(ex));
	}

	@Test
	void anExtismPluginErrorIsAPluginErrorAnswered502WithoutThePluginsText() {
		WasmPluginException ex = new WasmPluginException("coupons", "check", "secret internals", 1);
		WasmFailureKind kind = WasmFailureKind.of(ex);
		assertThat(kind.failure()).isEqualTo("plugin-error").isEqualTo(metrics.failure(ex));
		assertThat(kind.status().value()).isEqualTo(502);
		assertThat(kind.detail(ex)).isEqualTo("The plugin 'coupons' reported an error in 'check'.");
	}

	@Test
	void aTrapForWantOfMemoryIsResourceExhaustedInAnswersAndMetricsAlike() {
		WasmTrapException ex = new WasmTrapException("pricing", "quote", WasmTrapException.Kind.RESOURCE_EXHAUSTED,
				"the memory budget is spent", null);
		assertThat(WasmFailureKind.of(ex).failure()).isEqualTo("resource-exhausted").isEqualTo(metrics.failure(ex));
		WasmTrapException unreachable = new WasmTrapException("pricing", "quote", WasmTrapException.Kind.UNREACHABLE,
				"unreachable", null);
		assertThat(WasmFailureKind.of(unreachable).failure()).isEqualTo("trap").isEqualTo(metrics.failure(unreachable));
	}

	@Test
	void aTrapForWantOfFuelIsFuelExhaustedInAnswersAndMetricsAlikeWithoutRetryAfter() {
		WasmTrapException ex = new WasmTrapException("pricing", "quote", WasmTrapException.Kind.FUEL_EXHAUSTED,
				"the call used up its fuel budget", null);
		WasmFailureKind kind = WasmFailureKind.of(ex);
		assertThat(kind.failure()).isEqualTo("fuel-exhausted").isEqualTo(metrics.failure(ex));
		assertThat(kind.status().value()).isEqualTo(503);
		assertThat(kind.retryAfter()).isNull();
		assertThat(kind.detail(ex)).isEqualTo("The plugin 'pricing' used up its budget of work in 'quote'.");
	}

	@Test
	void loadLinkAndOtherFailuresHaveTheirMetricsNames() {
		List<WasmException> failures = List.of(
				new WasmModuleLoadException("pricing", "classpath:pricing.wasm",
						WasmModuleLoadException.Reason.values()[0], null, null),
				new WasmLinkException("pricing", WasmLinkException.Reason.values()[0], "env.tax", "unsatisfied",
						List.of()),
				new WasmException("pricing", "other", null) {
				});
		assertThat(failures).extracting((ex) -> WasmFailureKind.of(ex).failure())
			.containsExactly("load", "link", "other");
		assertThat(failures)
			.allSatisfy((ex) -> assertThat(WasmFailureKind.of(ex).failure()).isEqualTo(metrics.failure(ex)));
	}

	/**
	 * The metrics' names of failures, as the default observation convention gives them.
	 */
	private static final class MetricsNames extends DefaultWasmObservationConvention {

		@Override
		protected String failure(@Nullable Throwable error) {
			return super.failure(error);
		}

	}

}
