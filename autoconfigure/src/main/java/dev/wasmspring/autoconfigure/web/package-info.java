/**
 * Web support: plugin failures answered with the HTTP status Spring MVC and WebFlux would give them, as problem details
 * when the application enables them.
 */
@NullMarked
package dev.wasmspring.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
