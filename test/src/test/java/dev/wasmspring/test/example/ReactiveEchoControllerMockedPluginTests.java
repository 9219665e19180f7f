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
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.mockito.BDDMockito.given;

/**
 * {@code @WebFluxTest} of a controller that uses a plugin, with the plugin replaced by a
 * mock: no runtime.
 */
@WebFluxTest(ReactiveEchoController.class)
class ReactiveEchoControllerMockedPluginTests {

	@Autowired
	WebTestClient client;

	@MockitoBean
	ReactiveTextPlugin plugin;

	@Test
	void answersWhatThePluginAnswers() {
		given(this.plugin.echo("hi")).willReturn(Mono.just("mocked hi"));

		this.client.get().uri("/reactive/echo?text=hi").exchange().expectBody(String.class).isEqualTo("mocked hi");
	}

}
