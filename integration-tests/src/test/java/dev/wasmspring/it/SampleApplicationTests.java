package dev.wasmspring.it;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.wasmspring.sample.PricingApplication;

/**
 * Starts the sample application as shipped (its own application.yml, its committed plugins) on a random port;
 * every test class that extends this one shares that one running application.
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
