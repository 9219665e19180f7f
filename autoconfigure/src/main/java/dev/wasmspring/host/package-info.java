/**
 * Host functions: {@link dev.wasmspring.host.WasmImport @WasmImport} turns ordinary bean methods into
 * functions a guest can import, with their parameters and results mapped to WebAssembly values.
 */
@NullMarked
package dev.wasmspring.host;

import org.jspecify.annotations.NullMarked;
