/**
 * Host functions: {@link dev.wasmspring.host.WasmImport @WasmImport} turns ordinary bean methods into
 * functions a guest can import, and {@link dev.wasmspring.host.WasmImportBinder} binds them, with their
 * parameters and results mapped to WebAssembly values and the call compiled to a method handle.
 * <p>
 * Nothing in this package depends on Spring.
 */
@NullMarked
package dev.wasmspring.host;

import org.jspecify.annotations.NullMarked;
