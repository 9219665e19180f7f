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

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.wasmspring.runtime.WasmRuntime;
import org.jspecify.annotations.Nullable;

/**
 * What one instance of a WASI module gets instead of, or besides, its module's settings:
 * its standard input, its arguments and environment, a scratch directory of its own, and
 * where its output goes. Given when the instance is created
 * ({@link WasmRuntime#newInstance(String, Map, WasiInstanceOptions)}); settings left
 * unset come from the module's {@link WasiConfig}.
 * <p>
 * Immutable; {@code withX} methods return copies. An options value that holds a stream
 * (standard input as a stream, an output stream) should serve one instance only: the
 * instance reads or writes that stream on its own thread, and neither opens nor closes
 * it. One with standard input as bytes or text can be shared.
 */
public final class WasiInstanceOptions {

	private static final WasiInstanceOptions NONE = new WasiInstanceOptions(null, null, null, null, null, null, false);

	private final @Nullable Stdin stdin;

	private final @Nullable List<String> arguments;

	private final @Nullable Map<String, String> environment;

	private final @Nullable String scratchDirectory;

	private final @Nullable OutputStream stdout;

	private final @Nullable OutputStream stderr;

	private final boolean mergedOutput;

	private WasiInstanceOptions(@Nullable Stdin stdin, @Nullable List<String> arguments,
			@Nullable Map<String, String> environment, @Nullable String scratchDirectory, @Nullable OutputStream stdout,
			@Nullable OutputStream stderr, boolean mergedOutput) {
		this.stdin = stdin;
		this.arguments = arguments;
		this.environment = environment;
		this.scratchDirectory = scratchDirectory;
		this.stdout = stdout;
		this.stderr = stderr;
		this.mergedOutput = mergedOutput;
	}

	/**
	 * Return options that change nothing: the module's settings and an empty standard
	 * input.
	 * @return the options
	 */
	public static WasiInstanceOptions none() {
		return NONE;
	}

	/**
	 * Give the instance these bytes as its standard input.
	 * @param stdin the bytes (copied)
	 * @return a modified copy
	 */
	public WasiInstanceOptions withStdin(byte[] stdin) {
		byte[] copy = stdin.clone();
		return withStdin(new Stdin(() -> new ByteArrayInputStream(copy)));
	}

	/**
	 * Give the instance this text, encoded as UTF-8, as its standard input.
	 * @param stdin the text
	 * @return a modified copy
	 */
	public WasiInstanceOptions withStdin(String stdin) {
		return withStdin(stdin.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Give the instance a stream as its standard input, read as the guest asks for it. A
	 * read that waits (a silent socket, an open pipe) ends at the call's deadline on
	 * every JDK: a helper thread reads the stream while the instance's thread waits for
	 * it. The caller closes the stream, which also ends the helper.
	 * @param stdin the stream
	 * @return a modified copy
	 */
	public WasiInstanceOptions withStdin(InputStream stdin) {
		Objects.requireNonNull(stdin, "stdin");
		return withStdin(new Stdin(() -> stdin));
	}

	private WasiInstanceOptions withStdin(Stdin stdin) {
		return new WasiInstanceOptions(stdin, this.arguments, this.environment, this.scratchDirectory, this.stdout,
				this.stderr, this.mergedOutput);
	}

	/**
	 * Replace the module's arguments ({@code argv}, the program name first).
	 * @param arguments the arguments
	 * @return a modified copy
	 */
	public WasiInstanceOptions withArguments(List<String> arguments) {
		return new WasiInstanceOptions(this.stdin, List.copyOf(arguments), this.environment, this.scratchDirectory,
				this.stdout, this.stderr, this.mergedOutput);
	}

	/**
	 * Replace the module's environment.
	 * @param environment the variables
	 * @return a modified copy
	 */
	public WasiInstanceOptions withEnvironment(Map<String, String> environment) {
		return new WasiInstanceOptions(this.stdin, this.arguments, Map.copyOf(environment), this.scratchDirectory,
				this.stdout, this.stderr, this.mergedOutput);
	}

	/**
	 * Give the instance an empty, writable directory of its own at a guest path (for
	 * example {@code /tmp}), created when the instance is created and deleted with
	 * everything in it when the instance closes.
	 * @param guestPath where the guest sees it
	 * @return a modified copy
	 */
	public WasiInstanceOptions withScratchDirectory(String guestPath) {
		return new WasiInstanceOptions(this.stdin, this.arguments, this.environment, guestPath, this.stdout,
				this.stderr, this.mergedOutput);
	}

	/**
	 * Send the instance's standard output to a stream of the caller's, instead of where
	 * the module sends it. The instance writes to it on its own thread; the caller closes
	 * it.
	 * @param stdout the stream
	 * @return a modified copy
	 */
	public WasiInstanceOptions withStdout(OutputStream stdout) {
		return new WasiInstanceOptions(this.stdin, this.arguments, this.environment, this.scratchDirectory,
				Objects.requireNonNull(stdout, "stdout"), this.stderr, this.mergedOutput);
	}

	/**
	 * Send the instance's standard error to a stream of the caller's, instead of where
	 * the module sends it.
	 * @param stderr the stream
	 * @return a modified copy
	 */
	public WasiInstanceOptions withStderr(OutputStream stderr) {
		return new WasiInstanceOptions(this.stdin, this.arguments, this.environment, this.scratchDirectory, this.stdout,
				Objects.requireNonNull(stderr, "stderr"), this.mergedOutput);
	}

	/**
	 * Capture standard output and standard error, each on its own and both in one stream
	 * in the order the guest wrote them ({@link WasmCommandResult#output()}), whatever
	 * the module does with them.
	 * @return a modified copy
	 */
	public WasiInstanceOptions withMergedOutput() {
		return new WasiInstanceOptions(this.stdin, this.arguments, this.environment, this.scratchDirectory, this.stdout,
				this.stderr, true);
	}

	public @Nullable InputStream openStdin() {
		return (this.stdin != null) ? this.stdin.source.open() : null;
	}

	public @Nullable List<String> arguments() {
		return this.arguments;
	}

	public @Nullable Map<String, String> environment() {
		return this.environment;
	}

	public @Nullable String scratchDirectory() {
		return this.scratchDirectory;
	}

	public @Nullable OutputStream stdout() {
		return this.stdout;
	}

	public @Nullable OutputStream stderr() {
		return this.stderr;
	}

	public boolean mergedOutput() {
		return this.mergedOutput;
	}

	/**
	 * Return whether these are the options that change nothing for an instance.
	 * @return whether these are {@link #none()}
	 */
	public boolean isNone() {
		return this == NONE;
	}

	/**
	 * Return whether the instance is given a standard input of its own.
	 * @return whether a standard input is set
	 */
	public boolean hasStdin() {
		return this.stdin != null;
	}

	private record Stdin(Source source) {
	}

	@FunctionalInterface
	private interface Source {

		InputStream open();

	}

}
