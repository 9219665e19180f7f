/**
 * Limits on guest execution: the watchdog that ends calls past their deadline.
 * <p>
 * Internal to the runtime: not an API, may change in any release. Engine (Chicory) types appear only in
 * {@code dev.wasmspring.runtime.internal} packages.
 */
@NullMarked
package dev.wasmspring.runtime.internal.limits;

import org.jspecify.annotations.NullMarked;
