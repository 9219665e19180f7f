package dev.wasmspring.test.example;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThatException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * A plain {@code @WebMvcTest} of a controller that uses a plugin starts, and the plugin's call says what the
 * slice lacks.
 */
@WebMvcTest(EchoController.class)
class EchoControllerWithoutRuntimeTests {

	@Autowired
	MockMvc mvc;

	@Test
	void aCallOfThePluginSaysToAddTheRuntimeOrAMock() {
		assertThatException().isThrownBy(() -> this.mvc.perform(get("/echo").param("text", "hi")))
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("add @AutoConfigureWasm (wasm-spring-boot-test) or replace the plugin with "
					+ "@MockitoBean");
	}

}
