package dev.wasmspring.test.example;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.wasmspring.test.AutoConfigureWasm;

/**
 * {@code @WebFluxTest} of a controller that uses a plugin, with the real plugin: {@code @AutoConfigureWasm}.
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
