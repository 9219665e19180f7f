/**
 * The sample pricing service: its application class.
 */
@NullMarked
package dev.wasmspring.sample;

import org.jspecify.annotations.NullMarked;
