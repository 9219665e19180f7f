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

import java.util.Locale;

import dev.wasmspring.host.WasmImport;

import org.springframework.stereotype.Component;

/**
 * The host function the {@code coupons} Extism plugin imports from
 * {@code extism:host/user}: its text argument and answer travel as Extism memory handles.
 * Stateless; one bean serves every instance on every thread.
 */
@Component
public class CouponHostFunctions {

	/**
	 * Name the campaign a coupon code belongs to.
	 * @param code the coupon code, upper case
	 * @return the campaign's name
	 */
	@WasmImport(module = "extism:host/user", name = "campaign")
	public String campaign(String code) {
		String prefix = code.replaceAll("[0-9-]+$", "");
		return prefix.isEmpty() ? "general" : prefix.toLowerCase(Locale.ROOT) + " campaign";
	}

}
