package dev.wasmspring.sample.plugins;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /plugins} lists the loaded plugins; {@code PUT /plugins/{name}} replaces one with the uploaded
 * {@code .wasm} bytes, without a restart. Stateless; one bean serves every request.
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
