/**
 * A package the plugin tests scan.
 */
@NullMarked
package dev.wasmspring.autoconfigure.plugin.scanned;

import org.jspecify.annotations.NullMarked;
