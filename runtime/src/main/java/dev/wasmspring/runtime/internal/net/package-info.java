/**
 * Bounded network and stream reads: every read of module bytes or of a plugin's HTTP response stops at a byte
 * limit, and every network read has a deadline that holds on Java 17 (a socket read timeout set to the time
 * left before each read), connecting to the address that was checked.
 */
@NullMarked
package dev.wasmspring.runtime.internal.net;

import org.jspecify.annotations.NullMarked;
