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

package dev.wasmspring.sample.catalog;

import dev.wasmspring.autoconfigure.WasmInstances;
import dev.wasmspring.sample.web.InvalidRequestException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /slug?text=...}: turn a product title into a URL slug with the
 * {@code slugify} plugin, through the request's own instance. Stateless; one bean serves
 * every request.
 */
@RestController
public class SlugController {

	/** Longest title accepted, in characters. */
	static final int MAX_TEXT_LENGTH = 1000;

	private final WasmInstances plugins;

	public SlugController(WasmInstances plugins) {
		this.plugins = plugins;
	}

	@GetMapping("/slug")
	public Slug slug(@RequestParam String text) {
		if (text.length() > MAX_TEXT_LENGTH) {
			throw new InvalidRequestException(
					"text is " + text.length() + " characters long; the limit is " + MAX_TEXT_LENGTH);
		}
		return new Slug(text, this.plugins.current("slugify").callText("slugify", text));
	}

}
