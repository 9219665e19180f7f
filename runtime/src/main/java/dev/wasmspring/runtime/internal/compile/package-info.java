/**
 * Turning a module's bytes into a compiled artifact: parsing, validation, compilation to JVM bytecode and the on-disk code directory.
 * <p>
 * Internal to the runtime: not an API, may change in any release. Engine (Chicory) types appear only in
 * {@code dev.wasmspring.runtime.internal} packages.
 */
@NullMarked
package dev.wasmspring.runtime.internal.compile;

import org.jspecify.annotations.NullMarked;
