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

package dev.wasmspring.test.example;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@code @WebFluxTest} of a controller that uses a plugin starts, and the
 * plugin's call says what the slice lacks.
 */
@WebFluxTest(ReactiveEchoController.class)
class ReactiveEchoControllerWithoutRuntimeTests {

	@Autowired
	WebTestClient client;

	@Autowired
	ReactiveTextPlugin plugin;

	@Test
	void theSliceStartsWithAStandInWhoseCallSaysToAddTheRuntimeOrAMock() {
		this.client.get().uri("/reactive/echo?text=hi").exchange().expectStatus().is5xxServerError();
		assertThat(this.plugin).hasToString("unavailable WASM plugin " + ReactiveTextPlugin.class.getName());
	}

}
