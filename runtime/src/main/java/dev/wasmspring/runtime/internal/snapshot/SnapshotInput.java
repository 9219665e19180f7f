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

package dev.wasmspring.runtime.internal.snapshot;

import org.jspecify.annotations.Nullable;

/**
 * An input an instance may be given its own of, which a module's initialisation can read
 * and keep in its memory: if the run a snapshot is taken from read it, the snapshot
 * carries the module's value.
 */
public enum SnapshotInput {

	/** The environment variables ({@code environ_get}, {@code environ_sizes_get}). */
	ENVIRONMENT("environment"),

	/** The command-line arguments ({@code args_get}, {@code args_sizes_get}). */
	ARGUMENTS("arguments"),

	/**
	 * The preopened directories ({@code fd_prestat_get}, {@code fd_prestat_dir_name}).
	 */
	DIRECTORIES("preopened directories"),

	/** Standard input ({@code fd_read} of descriptor 0). */
	STDIN("standard input");

	private final String description;

	SnapshotInput(String description) {
		this.description = description;
	}

	/** What the input is, for messages. */
	public String description() {
		return this.description;
	}

	static @Nullable SnapshotInput readBy(String wasiFunction) {
		return switch (wasiFunction) {
			case "environ_get", "environ_sizes_get" -> ENVIRONMENT;
			case "args_get", "args_sizes_get" -> ARGUMENTS;
			case "fd_prestat_get", "fd_prestat_dir_name" -> DIRECTORIES;
			case "fd_read", "fd_pread" -> STDIN;
			default -> null;
		};
	}

}
