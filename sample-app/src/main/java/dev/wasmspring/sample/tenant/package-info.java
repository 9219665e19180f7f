/**
 * Tenants and their pricing rules.
 */
@NullMarked
package dev.wasmspring.sample.tenant;

import org.jspecify.annotations.NullMarked;
