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

package dev.wasmspring.sample.receipts;

import java.util.List;
import java.util.Map;

import dev.wasmspring.autoconfigure.WasmInstances;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.wasi.WasiInstanceOptions;
import dev.wasmspring.runtime.wasi.WasmCommandResult;
import dev.wasmspring.sample.web.InvalidRequestException;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /receipts}: print a receipt for the order lines in the request body
 * ({@code SKU QUANTITY
 * UNIT_CENTS} per line) with the {@code receipt} WASI command. Each request runs its own
 * instance of the command with the body as its standard input and the currency as its
 * argument. Stateless; one bean serves every request.
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
			throw new InvalidRequestException(
					"the order lines are " + lines.length + " bytes; the limit is " + MAX_BODY_BYTES);
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
