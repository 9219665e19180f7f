package dev.wasmspring.test.example;

import dev.wasmspring.plugin.WasmPlugin;

/**
 * Module {@code plugin} ({@code testing-wasm/src/plugin.wat}).
 */
@WasmPlugin("plugin")
public interface TextPlugin {

	String echo(String text);

	int count();

}
