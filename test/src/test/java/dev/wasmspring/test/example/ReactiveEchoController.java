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

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A WebFlux controller that uses a plugin.
 */
@RestController
public class ReactiveEchoController {

	private final ReactiveTextPlugin plugin;

	public ReactiveEchoController(ReactiveTextPlugin plugin) {
		this.plugin = plugin;
	}

	@GetMapping("/reactive/echo")
	public Mono<String> echo(@RequestParam String text) {
		return this.plugin.echo(text);
	}

	@GetMapping("/reactive/count")
	public Mono<String> count() {
		// two calls in one exchange, one after the other: the exchange's own instance
		// keeps counting
		return this.plugin.count().flatMap((first) -> this.plugin.count().map((second) -> first + "," + second));
	}

}
