package dev.wasmspring.sample.catalog;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmspring.autoconfigure.WasmInstances;
import dev.wasmspring.sample.web.InvalidRequestException;

/**
 * {@code GET /slug?text=...}: turn a product title into a URL slug with the {@code slugify} plugin, through the
 * request's own instance. Stateless; one bean serves every request.
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
