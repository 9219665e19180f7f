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

package dev.wasmspring.it;

import dev.wasmspring.sample.PricingApplication;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Starts the sample application as shipped (its own application.yml, its committed
 * plugins) on a random port; every test class that extends this one shares that one
 * running application.
 */
@SpringBootTest(classes = PricingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
abstract class SampleApplicationTests {

	@LocalServerPort
	int port;

	SampleClient client;

	@BeforeEach
	void connect() {
		this.client = new SampleClient(this.port);
	}

}
