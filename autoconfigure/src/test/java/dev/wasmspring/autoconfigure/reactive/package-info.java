/**
 * Tests of guest calls from reactive code.
 */
@NullMarked
package dev.wasmspring.autoconfigure.reactive;

import org.jspecify.annotations.NullMarked;
