/**
 * What the service answers when something fails.
 */
@NullMarked
package dev.wasmspring.sample.web;

import org.jspecify.annotations.NullMarked;
