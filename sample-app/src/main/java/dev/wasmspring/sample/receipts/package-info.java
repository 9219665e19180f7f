/**
 * Receipts: printed by a WASI command, {@code receipt}, that reads the order lines from its standard input.
 */
@NullMarked
package dev.wasmspring.sample.receipts;

import org.jspecify.annotations.NullMarked;
