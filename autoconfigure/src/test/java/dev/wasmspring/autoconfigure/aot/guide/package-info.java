/**
 * The getting-started guide's application: a package-private plugin interface and host function bean.
 */
@NullMarked
package dev.wasmspring.autoconfigure.aot.guide;

import org.jspecify.annotations.NullMarked;
