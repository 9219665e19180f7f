/**
 * Plugins as Java interfaces: {@link dev.wasmspring.plugin.WasmPlugin @WasmPlugin} on an interface makes each of
 * its methods a call into an export of a WebAssembly module, and
 * {@link dev.wasmspring.plugin.ImportWasmPlugins @ImportWasmPlugins} (or the auto-configuration's scan of the
 * application's packages) registers such interfaces as beans.
 */
@NullMarked
package dev.wasmspring.plugin;

import org.jspecify.annotations.NullMarked;
