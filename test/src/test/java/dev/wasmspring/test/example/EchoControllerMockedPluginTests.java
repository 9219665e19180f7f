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
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @WebMvcTest} of a controller that uses a plugin, with the plugin replaced by a
 * mock: no runtime.
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
