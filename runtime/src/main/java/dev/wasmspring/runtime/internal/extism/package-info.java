/**
 * Extism's kernel ABI ({@code extism:host/env}) implemented in Java: the per-instance state of an Extism
 * plugin (its input, output, error, memory blocks, vars and config) and the host functions through which the
 * plugin reaches it. Plugins built with Extism's PDKs run unmodified on it.
 */
@NullMarked
package dev.wasmspring.runtime.internal.extism;

import org.jspecify.annotations.NullMarked;
