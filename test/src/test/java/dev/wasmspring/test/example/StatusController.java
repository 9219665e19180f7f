package dev.wasmspring.test.example;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A controller that uses no plugin.
 */
@RestController
public class StatusController {

	@GetMapping("/status")
	public String status() {
		return "up";
	}

}
