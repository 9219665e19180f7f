package dev.wasmspring.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A pricing service whose per-tenant rules are WebAssembly plugins: each tenant's quotes are computed by the
 * plugin its rules name, and the plugin asks the service for the tenant's discounts through host functions.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PricingApplication {

	public static void main(String[] args) {
		SpringApplication.run(PricingApplication.class, args);
	}

}
