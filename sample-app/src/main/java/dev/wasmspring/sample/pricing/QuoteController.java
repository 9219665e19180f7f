package dev.wasmspring.sample.pricing;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmspring.sample.tenant.Tenants;

/**
 * {@code POST /quotes}: price an order for the tenant named in the {@code X-Tenant} header. Stateless; one
 * bean serves every request.
 */
@RestController
public class QuoteController {

	private final QuoteService quotes;

	public QuoteController(QuoteService quotes) {
		this.quotes = quotes;
	}

	@PostMapping("/quotes")
	public Quote quote(@RequestHeader(Tenants.HEADER) String tenant, @RequestBody QuoteRequest order) {
		return this.quotes.quote(tenant, order);
	}

}
