/**
 * A small application with plugins, and the tests docs/testing.md shows.
 */
@NullMarked
package dev.wasmspring.test.example;

import org.jspecify.annotations.NullMarked;
