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

package dev.wasmspring.sample.coupons;

import dev.wasmspring.autoconfigure.WasmInstances;
import dev.wasmspring.sample.web.InvalidRequestException;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /coupons/{code}}: check a coupon code with the {@code coupons} Extism
 * plugin, through the request's own instance. The plugin answers the coupon as JSON, or
 * refuses an unknown code with its own message (answered 422 by {@code ApiErrors}).
 * Stateless; one bean serves every request.
 */
@RestController
public class CouponController {

	/** Longest code accepted, in characters. */
	static final int MAX_CODE_LENGTH = 64;

	private final WasmInstances plugins;

	public CouponController(WasmInstances plugins) {
		this.plugins = plugins;
	}

	@GetMapping(path = "/coupons/{code}", produces = MediaType.APPLICATION_JSON_VALUE)
	public String check(@PathVariable String code) {
		if (code.length() > MAX_CODE_LENGTH || !code.matches("[A-Za-z0-9-]+")) {
			throw new InvalidRequestException(
					"a coupon code is 1 to " + MAX_CODE_LENGTH + " letters, digits and dashes");
		}
		return this.plugins.current("coupons").callText("check_coupon", code);
	}

}
