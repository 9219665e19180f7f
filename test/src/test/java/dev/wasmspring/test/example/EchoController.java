package dev.wasmspring.test.example;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A controller that uses a plugin.
 */
@RestController
public class EchoController {

	private final TextPlugin plugin;

	public EchoController(TextPlugin plugin) {
		this.plugin = plugin;
	}

	@GetMapping("/echo")
	public String echo(@RequestParam String text) {
		return this.plugin.echo(text);
	}

	@GetMapping("/count")
	public String count() {
		// two calls in one request: the request's own instance keeps counting
		return this.plugin.count() + "," + this.plugin.count();
	}

}
