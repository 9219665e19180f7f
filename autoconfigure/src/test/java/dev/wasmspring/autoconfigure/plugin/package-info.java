/**
 * Tests of typed plugin interfaces.
 */
@NullMarked
package dev.wasmspring.autoconfigure.plugin;

import org.jspecify.annotations.NullMarked;
