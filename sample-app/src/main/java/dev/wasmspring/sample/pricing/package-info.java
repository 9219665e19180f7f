/**
 * Quotes: orders priced by each tenant's pricing plugin, and the host functions those plugins call.
 */
@NullMarked
package dev.wasmspring.sample.pricing;

import org.jspecify.annotations.NullMarked;
