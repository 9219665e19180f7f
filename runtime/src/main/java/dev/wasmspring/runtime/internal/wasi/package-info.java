/**
 * The WASI sandbox: the per-instance WASI session and the confined file system guests see as their preopened directories.
 * <p>
 * Internal to the runtime: not an API, may change in any release. Engine (Chicory) types appear only in
 * {@code dev.wasmspring.runtime.internal} packages.
 */
@NullMarked
package dev.wasmspring.runtime.internal.wasi;

import org.jspecify.annotations.NullMarked;
