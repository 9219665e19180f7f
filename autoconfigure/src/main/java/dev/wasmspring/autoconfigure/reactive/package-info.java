/**
 * Plugins in reactive applications: guest calls kept off the event loop, one instance per WebFlux exchange,
 * the Reactor Context visible to host functions, cancellation ending the guest's call.
 */
@NullMarked
package dev.wasmspring.autoconfigure.reactive;

import org.jspecify.annotations.NullMarked;
