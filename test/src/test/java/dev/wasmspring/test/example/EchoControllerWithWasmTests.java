package dev.wasmspring.test.example;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

import dev.wasmspring.test.AutoConfigureWasm;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @WebMvcTest} of a controller that uses a plugin, with the real plugin: {@code @AutoConfigureWasm}.
 */
@WebMvcTest(EchoController.class)
@AutoConfigureWasm
class EchoControllerWithWasmTests {

	@Autowired
	MockMvc mvc;

	@Test
	void answersWhatThePluginAnswers() throws Exception {
		this.mvc.perform(get("/echo").param("text", "héllo"))
			.andExpect(status().isOk())
			.andExpect(content().string("héllo"));
	}

	@Test
	void callsDuringOneRequestShareTheRequestsInstanceAndTheNextRequestHasItsOwn() throws Exception {
		this.mvc.perform(get("/count")).andExpect(content().string("1,2"));
		this.mvc.perform(get("/count")).andExpect(content().string("1,2"));
	}

}
