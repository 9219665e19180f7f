package dev.wasmspring.autoconfigure.plugin.scanned;

import dev.wasmspring.plugin.WasmPlugin;

/**
 * A plugin interface found by scanning the application's packages.
 */
@WasmPlugin("plugin")
public interface ScannedPlugin {

	int add(int a, int b);

}
