package dev.wasmspring.test.example;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

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
		// two calls in one exchange, one after the other: the exchange's own instance keeps counting
		return this.plugin.count().flatMap((first) -> this.plugin.count().map((second) -> first + "," + second));
	}

}
