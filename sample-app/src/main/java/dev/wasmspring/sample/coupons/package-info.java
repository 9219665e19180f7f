/**
 * Coupons: checked by an Extism plugin, {@code coupons}, built with Extism's AssemblyScript PDK.
 */
@NullMarked
package dev.wasmspring.sample.coupons;

import org.jspecify.annotations.NullMarked;
