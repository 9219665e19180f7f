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

package dev.wasmspring.runtime.exception;

import dev.wasmspring.runtime.source.ModuleSource;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a module cannot be loaded: its bytes cannot be read, are not a valid
 * WebAssembly binary, do not match their pinned digest, or its limits or WASI directories
 * cannot be applied. Thrown at startup or when a module is defined or replaced; modules
 * already defined are left untouched. The message names the module, the location, what is
 * wrong and what to do.
 */
public class WasmModuleLoadException extends WasmException {

	/**
	 * Why a module could not be loaded.
	 */
	public enum Reason {

		/** The location does not exist or cannot be read. */
		NOT_FOUND("cannot be read", "check the location; classpath locations are relative to the classpath root"),

		/** The location holds no bytes. */
		EMPTY("is empty", "rebuild the module; a WebAssembly binary is never empty"),

		/** The bytes end before the binary does. */
		TRUNCATED("is truncated", "the file was cut short; copy or rebuild it again"),

		/** The bytes do not start with the WebAssembly magic number and version. */
		BAD_MAGIC("is not a WebAssembly binary (bad magic number or version)",
				"point the location at a compiled .wasm file (text-format .wat must be compiled with wat2wasm first)"),

		/** The binary does not follow the WebAssembly binary format. */
		MALFORMED("is malformed", "rebuild the module with a current toolchain"),

		/** The binary is well-formed but fails validation. */
		INVALID("is not a valid module", "rebuild the module with a current toolchain"),

		/** The binary uses a feature or an import kind the runtime does not support. */
		UNSUPPORTED("uses something the runtime does not support", "rebuild the module without that feature"),

		/**
		 * The configured memory limit is below the initial memory the module declares.
		 */
		MEMORY_LIMIT_TOO_LOW("needs more memory than its memory limit allows",
				"raise the module's max-memory to at least its initial memory, or rebuild the module with a smaller "
						+ "initial memory"),

		/**
		 * The module's tables declare more elements than its table-element limit allows.
		 */
		TABLE_LIMIT_TOO_LOW("declares larger tables than its table-element limit allows",
				"raise the module's max-table-elements to at least the elements its tables declare, or rebuild the "
						+ "module with smaller tables"),

		/** The module is larger than the limit on what a module may cost to load. */
		TOO_LARGE("is larger than the module size limit allows",
				"raise max-module-size if the module is trusted, or rebuild it smaller"),

		/** Compiling the module took longer than the compile timeout allows. */
		COMPILE_TIMEOUT("took too long to compile",
				"raise compile-timeout if the module is trusted, or rebuild it with smaller functions"),

		/**
		 * A directory configured for the module's WASI sandbox cannot be used: it does
		 * not exist, is not a directory, or is read-only but lies inside a writable one.
		 */
		BAD_WASI_DIRECTORY("has a WASI directory that cannot be used",
				"correct the directory's path or read-only flag in the module's WASI configuration"),

		/**
		 * The module's state after initialisation cannot be captured faithfully as a
		 * snapshot.
		 */
		SNAPSHOT_REFUSED("cannot start from a snapshot",
				"turn the module's snapshot off (none), or change the module as the detail says"),

		/** The initialisation run a snapshot is taken from failed. */
		SNAPSHOT_FAILED("failed to initialise while its snapshot was taken",
				"fix the module's initialisation (the detail says what failed), or turn its snapshot off (none)"),

		/**
		 * The location holds an Extism manifest that cannot be used: a field is wrong, a
		 * module it names cannot be found, or a module does not match its hash.
		 */
		BAD_MANIFEST("is an Extism manifest that cannot be used",
				"correct the manifest field named in the detail (Extism's manifest format: "
						+ "https://extism.org/docs/concepts/manifest)"),

		/** The bytes do not match the configured SHA-256 digest. */
		DIGEST_MISMATCH("does not match its pinned SHA-256 digest",
				"if the new module is intended, update the pinned sha256; otherwise restore the expected file");

		private final String problem;

		private final String action;

		Reason(String problem, String action) {
			this.problem = problem;
			this.action = action;
		}

		/**
		 * Return what went wrong, as a phrase that follows the module's name.
		 * @return the problem
		 */
		public String problem() {
			return this.problem;
		}

		/**
		 * Return what to do about it.
		 * @return the action
		 */
		public String action() {
			return this.action;
		}

	}

	private final Reason reason;

	private final String location;

	private final @Nullable String detail;

	public WasmModuleLoadException(@Nullable String moduleName, String location, Reason reason, @Nullable String detail,
			@Nullable Throwable cause) {
		super(moduleName, message(moduleName, ModuleSource.redact(location), reason, detail), cause);
		this.reason = reason;
		this.location = ModuleSource.redact(location);
		this.detail = detail;
	}

	private static String message(@Nullable String moduleName, String location, Reason reason,
			@Nullable String detail) {
		StringBuilder message = new StringBuilder("WASM module '").append((moduleName != null) ? moduleName : "?")
			.append("' at ")
			.append(location)
			.append(' ')
			.append(reason.problem());
		if (detail != null && !detail.isBlank()) {
			message.append(": ").append(detail);
		}
		return message.append(". Action: ").append(reason.action()).append('.').toString();
	}

	/**
	 * Return why the module could not be loaded.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Return a description of where the bytes were read from.
	 * @return the location
	 */
	public String getLocation() {
		return this.location;
	}

	/**
	 * Return what exactly was found wrong, for example the bytes found instead of the
	 * magic number or the parser's message, or {@code null} if the reason says it all.
	 * @return the detail
	 */
	public @Nullable String getDetail() {
		return this.detail;
	}

}
