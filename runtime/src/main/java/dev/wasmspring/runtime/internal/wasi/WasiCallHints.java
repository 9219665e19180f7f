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

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * What the WASI call in progress tells the confined file systems of its session beyond
 * the arguments the engine's WASI functions pass on, and what they report back: whether
 * the call does not follow a link where the engine would, the channel a {@code path_open}
 * made, and the precise failure behind an error the engine reports as {@code EIO}. One
 * per session, confined to its thread; {@link WasiCorrections} sets and clears it around
 * each call.
 */
final class WasiCallHints {

	/**
	 * Set during a {@code path_open}: the file system wraps the channel it opens and
	 * leaves it here.
	 */
	boolean opening;

	/** The channel the current {@code path_open} made, if any. */
	@Nullable AppendableFileChannel opened;

	/**
	 * Set during a {@code path_filestat_set_times} without {@code SYMLINK_FOLLOW}: times
	 * go to a link itself.
	 */
	boolean noFollowTimes;

	/**
	 * Set during a {@code path_symlink}: the link's text exactly as the guest gave it.
	 */
	@Nullable String symlinkText;

	/** The whole text of the link the current {@code path_readlink} read. */
	@Nullable String linkText;

	/**
	 * The first failure of the current call in the file system, as the host reported it.
	 */
	@Nullable IOException failure;

	/** Forget the last call. */
	void clear() {
		this.opening = false;
		this.opened = null;
		this.noFollowTimes = false;
		this.symlinkText = null;
		this.linkText = null;
		this.failure = null;
	}

	/** Record a failure of the current call and return it, to be thrown. */
	<E extends IOException> E failed(E failure) {
		if (this.failure == null) {
			this.failure = failure;
		}
		return failure;
	}

}
