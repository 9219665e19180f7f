package dev.wasmspring.test.example;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @WebMvcTest} of a controller that uses a plugin, with the plugin replaced by a mock: no runtime.
 */
@WebMvcTest(EchoController.class)
class EchoControllerMockedPluginTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	TextPlugin plugin;

	@Test
	void answersWhatThePluginAnswers() throws Exception {
		given(this.plugin.echo("hi")).willReturn("mocked hi");

		this.mvc.perform(get("/echo").param("text", "hi"))
			.andExpect(status().isOk())
			.andExpect(content().string("mocked hi"));
	}

}
