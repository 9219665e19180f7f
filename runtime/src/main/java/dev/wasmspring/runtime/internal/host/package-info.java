/**
 * Host calls: linking a module's imports to host functions once per module, and the per-call path from guest to host and back.
 * <p>
 * Internal to the runtime: not an API, may change in any release. Engine (Chicory) types appear only in
 * {@code dev.wasmspring.runtime.internal} packages.
 */
@NullMarked
package dev.wasmspring.runtime.internal.host;

import org.jspecify.annotations.NullMarked;
