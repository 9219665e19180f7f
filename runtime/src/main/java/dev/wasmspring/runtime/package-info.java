/**
 * The Spring-free runtime core: the {@link dev.wasmspring.runtime.WasmRuntime}, its registry of compiled
 * modules, per-call {@link dev.wasmspring.runtime.WasmInstance instances}, limits and the exception types.
 * <p>
 * Nothing in this package depends on Spring; the auto-configuration builds on it.
 */
@NullMarked
package dev.wasmspring.runtime;

import org.jspecify.annotations.NullMarked;
