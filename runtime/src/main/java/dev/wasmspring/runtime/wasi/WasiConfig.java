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

package dev.wasmspring.runtime.wasi;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.wasmspring.runtime.WasmInstance;

/**
 * The WASI preview 1 sandbox of one module: whether the module may link WASI at all, its
 * arguments, its environment, where its standard streams go and which host directories it
 * sees. Nothing from the host (environment, directories, streams) is visible to the guest
 * unless configured here: standard input is empty, and a directory's files are reachable
 * only inside it (see {@link Directory}). Each instance gets its own WASI state built
 * from this configuration.
 * <p>
 * Immutable and safe to share between threads; the {@code with} methods return modified
 * copies.
 */
public final class WasiConfig {

	/**
	 * Where a guest's standard output or error goes.
	 */
	public enum Output {

		/**
		 * To a logger named after the module ({@code wasm.<module>}), one log event per
		 * line.
		 */
		LOG,

		/** Nowhere. */
		DISCARD,

		/**
		 * Into a buffer of the instance, read with {@link WasmInstance#capturedStdout()}
		 * and friends.
		 */
		CAPTURE

	}

	/**
	 * A host directory made visible to the guest. The guest cannot leave it: {@code ..}
	 * above it, absolute paths and symbolic links leading out are refused
	 * ({@code EPERM}). A read-only directory refuses every change ({@code EROFS}). A
	 * read-only directory must not lie inside a writable one of the same module.
	 *
	 * @param hostPath the directory on the host; it must exist when the module is defined
	 * @param readOnly whether the guest may only read it
	 */
	public record Directory(Path hostPath, boolean readOnly) {

		public Directory {
			Objects.requireNonNull(hostPath, "hostPath");
		}

	}

	/**
	 * How much of each captured stream an instance keeps unless configured otherwise: 1
	 * MiB.
	 */
	public static final long DEFAULT_CAPTURE_LIMIT = 1024 * 1024;

	/**
	 * How many files and directories a guest may hold open at once, unless configured.
	 */
	public static final int DEFAULT_MAX_OPEN_FILES = 128;

	private static final WasiConfig DISABLED = new WasiConfig(false, List.of(), Map.of(), Output.LOG, Output.LOG,
			Map.of(), DEFAULT_CAPTURE_LIMIT, DEFAULT_MAX_OPEN_FILES);

	private final boolean enabled;

	private final List<String> arguments;

	private final Map<String, String> environment;

	private final Output stdout;

	private final Output stderr;

	private final Map<String, Directory> directories;

	private final long captureLimit;

	private final int maxOpenFiles;

	private WasiConfig(boolean enabled, List<String> arguments, Map<String, String> environment, Output stdout,
			Output stderr, Map<String, Directory> directories, long captureLimit, int maxOpenFiles) {
		this.enabled = enabled;
		this.arguments = List.copyOf(arguments);
		this.environment = Map.copyOf(environment);
		this.stdout = stdout;
		this.stderr = stderr;
		this.directories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(directories));
		this.captureLimit = captureLimit;
		this.maxOpenFiles = maxOpenFiles;
	}

	/**
	 * Return a configuration with WASI disabled: the module may not import
	 * {@code wasi_snapshot_preview1}.
	 * @return the disabled configuration
	 */
	public static WasiConfig disabled() {
		return DISABLED;
	}

	/**
	 * Return a configuration with WASI enabled, no arguments, an empty environment,
	 * output to the log and no directories.
	 * @return the enabled configuration
	 */
	public static WasiConfig enabled() {
		return DISABLED.withEnabled(true);
	}

	/**
	 * Allow or forbid the module to link WASI.
	 * @param enabled whether WASI is enabled
	 * @return a modified copy
	 */
	public WasiConfig withEnabled(boolean enabled) {
		return new WasiConfig(enabled, this.arguments, this.environment, this.stdout, this.stderr, this.directories,
				this.captureLimit, this.maxOpenFiles);
	}

	/**
	 * Set the guest's {@code argv}, program name first.
	 * @param arguments the arguments
	 * @return a modified copy
	 */
	public WasiConfig withArguments(List<String> arguments) {
		return new WasiConfig(this.enabled, arguments, this.environment, this.stdout, this.stderr, this.directories,
				this.captureLimit, this.maxOpenFiles);
	}

	/**
	 * Set the guest's whole environment; nothing is inherited from the host.
	 * @param environment the variables
	 * @return a modified copy
	 */
	public WasiConfig withEnvironment(Map<String, String> environment) {
		return new WasiConfig(this.enabled, this.arguments, environment, this.stdout, this.stderr, this.directories,
				this.captureLimit, this.maxOpenFiles);
	}

	/**
	 * Set where standard output goes.
	 * @param stdout the destination
	 * @return a modified copy
	 */
	public WasiConfig withStdout(Output stdout) {
		return new WasiConfig(this.enabled, this.arguments, this.environment, stdout, this.stderr, this.directories,
				this.captureLimit, this.maxOpenFiles);
	}

	/**
	 * Set where standard error goes.
	 * @param stderr the destination
	 * @return a modified copy
	 */
	public WasiConfig withStderr(Output stderr) {
		return new WasiConfig(this.enabled, this.arguments, this.environment, this.stdout, stderr, this.directories,
				this.captureLimit, this.maxOpenFiles);
	}

	/**
	 * Replace the preopened directories.
	 * @param directories the directories, by guest path (for example {@code /data})
	 * @return a modified copy
	 */
	public WasiConfig withDirectories(Map<String, Directory> directories) {
		return new WasiConfig(this.enabled, this.arguments, this.environment, this.stdout, this.stderr, directories,
				this.captureLimit, this.maxOpenFiles);
	}

	/**
	 * Add a preopened directory.
	 * @param guestPath the directory's path in the guest, for example {@code /data}
	 * @param hostPath the directory on the host
	 * @param readOnly whether the guest may only read it
	 * @return a modified copy
	 */
	public WasiConfig withDirectory(String guestPath, Path hostPath, boolean readOnly) {
		Map<String, Directory> directories = new LinkedHashMap<>(this.directories);
		directories.put(guestPath, new Directory(hostPath, readOnly));
		return withDirectories(directories);
	}

	/**
	 * Set how many bytes of each {@link Output#CAPTURE captured} or {@link Output#LOG
	 * logged} stream an instance keeps; the rest is dropped and the captured text (or the
	 * log) ends with a note saying how much.
	 * @param bytes the limit
	 * @return a modified copy
	 */
	public WasiConfig withCaptureLimit(long bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("A capture limit must not be negative: " + bytes);
		}
		return new WasiConfig(this.enabled, this.arguments, this.environment, this.stdout, this.stderr,
				this.directories, bytes, this.maxOpenFiles);
	}

	/**
	 * Set how many files and directories the guest may hold open at once; opening one
	 * more fails with {@code EMFILE}, as on a host that ran out of descriptors.
	 * @param count the limit, at least 1
	 * @return a modified copy
	 */
	public WasiConfig withMaxOpenFiles(int count) {
		if (count < 1) {
			throw new IllegalArgumentException("The open-file limit must be at least 1: " + count);
		}
		return new WasiConfig(this.enabled, this.arguments, this.environment, this.stdout, this.stderr,
				this.directories, this.captureLimit, count);
	}

	/**
	 * Return whether the module may link WASI.
	 * @return whether WASI is enabled
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Return the guest's {@code argv}, program name first.
	 * @return the arguments
	 */
	public List<String> arguments() {
		return this.arguments;
	}

	/**
	 * Return the guest's environment variables.
	 * @return the environment
	 */
	public Map<String, String> environment() {
		return this.environment;
	}

	/**
	 * Return where standard output goes.
	 * @return the destination
	 */
	public Output stdout() {
		return this.stdout;
	}

	/**
	 * Return where standard error goes.
	 * @return the destination
	 */
	public Output stderr() {
		return this.stderr;
	}

	/**
	 * Return the preopened directories, by guest path.
	 * @return the directories
	 */
	public Map<String, Directory> directories() {
		return this.directories;
	}

	/**
	 * Return how many bytes of each captured or logged stream an instance keeps.
	 * @return the limit
	 */
	public long captureLimit() {
		return this.captureLimit;
	}

	/**
	 * Return how many files and directories the guest may hold open at once.
	 * @return the limit
	 */
	public int maxOpenFiles() {
		return this.maxOpenFiles;
	}

}
