package dev.wasmspring.test.example;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import static org.mockito.BDDMockito.given;

/**
 * {@code @WebFluxTest} of a controller that uses a plugin, with the plugin replaced by a mock: no runtime.
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
