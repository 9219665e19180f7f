package dev.wasmspring.sample.receipts;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmspring.autoconfigure.WasmInstances;
import dev.wasmspring.runtime.WasiInstanceOptions;
import dev.wasmspring.runtime.WasmCommandResult;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.sample.web.InvalidRequestException;

/**
 * {@code POST /receipts}: print a receipt for the order lines in the request body ({@code SKU QUANTITY
 * UNIT_CENTS} per line) with the {@code receipt} WASI command. Each request runs its own instance of the command
 * with the body as its standard input and the currency as its argument. Stateless; one bean serves every
 * request.
 */
@RestController
public class ReceiptController {

	/** Largest body accepted, in bytes. */
	static final int MAX_BODY_BYTES = 64 * 1024;

	private final WasmInstances plugins;

	public ReceiptController(WasmInstances plugins) {
		this.plugins = plugins;
	}

	@PostMapping(path = "/receipts", consumes = MediaType.TEXT_PLAIN_VALUE, produces = MediaType.TEXT_PLAIN_VALUE)
	public String print(@RequestBody byte[] lines, @RequestParam(defaultValue = "EUR") String currency) {
		if (lines.length > MAX_BODY_BYTES) {
			throw new InvalidRequestException("the order lines are " + lines.length + " bytes; the limit is "
					+ MAX_BODY_BYTES);
		}
		if (!currency.matches("[A-Z]{3}")) {
			throw new InvalidRequestException("currency must be three capital letters, like EUR");
		}
		WasiInstanceOptions io = WasiInstanceOptions.none()
			.withStdin(lines)
			.withArguments(List.of("receipt", currency));
		try (WasmInstance command = this.plugins.create("receipt", Map.of(), io)) {
			WasmCommandResult result = command.runCommand();
			if (result.exitCode() != 0) {
				throw new ReceiptRejectedException(result.exitCode(), result.stderr().strip());
			}
			return result.stdout();
		}
	}

}
