/**
 * Micrometer observations of the runtime's work ({@code wasm.call}, {@code wasm.instantiate},
 * {@code wasm.load}) and gauges of its instances.
 */
@NullMarked
package dev.wasmspring.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
