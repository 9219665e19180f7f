/**
 * The engine's instance behind a public instance, and the translation of what the engine throws into the runtime's exceptions.
 * <p>
 * Internal to the runtime: not an API, may change in any release. Engine (Chicory) types appear only in
 * {@code dev.wasmspring.runtime.internal} packages.
 */
@NullMarked
package dev.wasmspring.runtime.internal.instance;

import org.jspecify.annotations.NullMarked;
