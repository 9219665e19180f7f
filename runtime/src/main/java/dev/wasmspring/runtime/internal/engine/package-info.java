/**
 * What the runtime knows about the engine as a whole, rather than about one concern.
 * <p>
 * Internal to the runtime: not an API, may change in any release.
 */
@NullMarked
package dev.wasmspring.runtime.internal.engine;

import org.jspecify.annotations.NullMarked;
