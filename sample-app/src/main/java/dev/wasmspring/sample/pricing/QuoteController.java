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

package dev.wasmspring.sample.pricing;

import dev.wasmspring.sample.tenant.Tenants;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /quotes}: price an order for the tenant named in the {@code X-Tenant}
 * header. Stateless; one bean serves every request.
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
