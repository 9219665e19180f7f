/**
 * A plugin interface that is not public, in a package of its own, as applications write them.
 */
@NullMarked
package dev.wasmspring.autoconfigure.plugin.geometry;

import org.jspecify.annotations.NullMarked;
