package dev.wasmspring.test.example;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@code @WebFluxTest} of a controller that uses a plugin starts, and the plugin's call says what the
 * slice lacks.
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
