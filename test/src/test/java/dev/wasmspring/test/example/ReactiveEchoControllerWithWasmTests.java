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

import dev.wasmspring.test.AutoConfigureWasm;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code @WebFluxTest} of a controller that uses a plugin, with the real plugin:
 * {@code @AutoConfigureWasm}.
 */
@WebFluxTest(ReactiveEchoController.class)
@AutoConfigureWasm
class ReactiveEchoControllerWithWasmTests {

	@Autowired
	WebTestClient client;

	@Test
	void answersWhatThePluginAnswers() {
		this.client.get()
			.uri("/reactive/echo?text=hi")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("hi");
	}

	@Test
	void callsDuringOneExchangeShareItsInstanceAndTheNextExchangeHasItsOwn() {
		this.client.get().uri("/reactive/count").exchange().expectBody(String.class).isEqualTo("1,2");
		this.client.get().uri("/reactive/count").exchange().expectBody(String.class).isEqualTo("1,2");
	}

}
