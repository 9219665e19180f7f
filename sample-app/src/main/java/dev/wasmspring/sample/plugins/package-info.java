/**
 * The loaded plugins: listing them and replacing one while the service runs.
 */
@NullMarked
package dev.wasmspring.sample.plugins;

import org.jspecify.annotations.NullMarked;
