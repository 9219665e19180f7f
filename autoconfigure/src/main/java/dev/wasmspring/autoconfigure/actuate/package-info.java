/**
 * Actuator support: the {@code wasm} health contributor and the {@code wasm} endpoint.
 */
@NullMarked
package dev.wasmspring.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
