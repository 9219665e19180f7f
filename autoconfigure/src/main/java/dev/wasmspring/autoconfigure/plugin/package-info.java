/**
 * The machinery behind {@code @WasmPlugin} interfaces: scanning and bean registration, the proxies' method
 * mapping, and the startup check of every method against its module's exports.
 */
@NullMarked
package dev.wasmspring.autoconfigure.plugin;

import org.jspecify.annotations.NullMarked;
