/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wasmspring.runtime.internal.wasi;

import java.io.InputStream;
import java.io.OutputStream;

import org.jspecify.annotations.Nullable;

/**
 * The standard streams one instance's creator chose: its input, output destinations
 * replacing the module's, and whether both outputs are also captured together in order.
 *
 * @param stdin the standard input, or {@code null} for an empty one
 * @param stdout where standard output goes instead of the module's setting, or
 * {@code null}
 * @param stderr where standard error goes instead of the module's setting, or
 * {@code null}
 * @param merged whether to capture both outputs, each and together
 */
public record WasiStreams(@Nullable InputStream stdin, @Nullable OutputStream stdout, @Nullable OutputStream stderr,
		boolean merged) {

	/** The module's own settings and an empty standard input. */
	public static final WasiStreams NONE = new WasiStreams(null, null, null, false);

}
