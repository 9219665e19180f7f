/**
 * Snapshots after initialisation: an instance's memory, globals and tables captured once after the module's
 * initialisation ran, and every later instance started from them instead of initialising again.
 * <p>
 * Internal to the runtime: not an API, may change in any release. Engine (Chicory) types appear only in
 * {@code dev.wasmspring.runtime.internal} packages.
 */
@NullMarked
package dev.wasmspring.runtime.internal.snapshot;

import org.jspecify.annotations.NullMarked;
