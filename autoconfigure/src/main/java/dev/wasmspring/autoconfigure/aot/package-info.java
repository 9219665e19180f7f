/**
 * Spring AOT support: the hints an ahead-of-time processed (or native) application needs to load the
 * configured modules and call the beans' {@code @WasmImport} methods.
 */
@NullMarked
package dev.wasmspring.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
