/**
 * Spring Boot auto-configuration of the WebAssembly runtime: {@code wasm.*} properties, the runtime bean, the
 * modules it loads at startup, instance beans and failure analyzers.
 */
@NullMarked
package dev.wasmspring.autoconfigure;

import org.jspecify.annotations.NullMarked;
