package dev.wasmspring.test.example;

import dev.wasmspring.plugin.WasmExport;
import dev.wasmspring.plugin.WasmPlugin;

/**
 * Module {@code imports} ({@code testing-wasm/src/imports.wat}), whose exports call the host's imports.
 */
@WasmPlugin("imports")
public interface Greeter {

	@WasmExport("call_greet")
	String greet(String name);

	@WasmExport("call_negate")
	int negate(int value);

	@WasmExport("call_get_i32")
	int hostNumber();

	@WasmExport("call_text_length")
	int hostTextLength();

}
