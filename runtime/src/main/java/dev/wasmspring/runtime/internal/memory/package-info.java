/**
 * Linear memory: the pristine image each instance starts from, and the engine's memory as the public view reads it.
 * <p>
 * Internal to the runtime: not an API, may change in any release. Engine (Chicory) types appear only in
 * {@code dev.wasmspring.runtime.internal} packages.
 */
@NullMarked
package dev.wasmspring.runtime.internal.memory;

import org.jspecify.annotations.NullMarked;
