package dev.wasmspring.test.example;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;

/**
 * A plain {@code @WebMvcTest} of an application with plugins starts without the runtime.
 */
@WebMvcTest(StatusController.class)
class StatusControllerTests {

	@Autowired
	MockMvc mvc;

	@Test
	void answersWithoutThePluginsRuntime() throws Exception {
		this.mvc.perform(get("/status")).andExpect(content().string("up"));
	}

}
