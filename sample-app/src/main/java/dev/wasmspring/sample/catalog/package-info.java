/**
 * The product catalogue's helpers: URL slugs made by a plugin.
 */
@NullMarked
package dev.wasmspring.sample.catalog;

import org.jspecify.annotations.NullMarked;
