/**
 * Test support for applications that use WebAssembly plugins: the {@link dev.wasmspring.test.WasmTest @WasmTest}
 * slice, {@link dev.wasmspring.test.AutoConfigureWasm @AutoConfigureWasm} for other slices, and
 * {@link dev.wasmspring.test.WasmHostCalls} to stub host functions and assert on the calls guests make.
 */
@NullMarked
package dev.wasmspring.test;

import org.jspecify.annotations.NullMarked;
