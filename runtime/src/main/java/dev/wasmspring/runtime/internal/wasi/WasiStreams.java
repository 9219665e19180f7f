package dev.wasmspring.runtime.internal.wasi;

import java.io.InputStream;
import java.io.OutputStream;

import org.jspecify.annotations.Nullable;

/**
 * The standard streams one instance's creator chose: its input, output destinations replacing the module's, and
 * whether both outputs are also captured together in order.
 *
 * @param stdin the standard input, or {@code null} for an empty one
 * @param stdout where standard output goes instead of the module's setting, or {@code null}
 * @param stderr where standard error goes instead of the module's setting, or {@code null}
 * @param merged whether to capture both outputs, each and together
 */
public record WasiStreams(@Nullable InputStream stdin, @Nullable OutputStream stdout, @Nullable OutputStream stderr,
		boolean merged) {

	/** The module's own settings and an empty standard input. */
	public static final WasiStreams NONE = new WasiStreams(null, null, null, false);

}
