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

package dev.wasmspring.sample.plugins;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /plugins} lists the loaded plugins; {@code PUT /plugins/{name}} replaces one
 * with the uploaded {@code .wasm} bytes, without a restart. Stateless; one bean serves
 * every request.
 */
@RestController
public class PluginController {

	private final PluginCatalog plugins;

	public PluginController(PluginCatalog plugins) {
		this.plugins = plugins;
	}

	@GetMapping("/plugins")
	public PluginList plugins() {
		return this.plugins.plugins();
	}

	@PutMapping(path = "/plugins/{name}", consumes = { "application/wasm", "application/octet-stream" })
	public PluginReplacement replace(@PathVariable String name, @RequestBody byte[] bytes) {
		return this.plugins.replace(name, bytes);
	}

}
