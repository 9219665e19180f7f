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

import java.nio.charset.StandardCharsets;

import dev.wasmspring.runtime.WasmInstance;

/**
 * What one run of a WASI command ({@code _start}, through
 * {@link WasmInstance#runCommand()}) produced: its exit code and, for streams configured
 * as {@link WasiConfig.Output#CAPTURE captured}, the bytes it wrote during that run; text
 * is a view of them (bytes stop at the capture limit; text then ends with a note saying
 * how much was dropped). Immutable and safe to share between threads.
 */
public final class WasmCommandResult {

	private final int exitCode;

	private final byte[] stdout;

	private final byte[] stderr;

	private final byte[] output;

	private final String stdoutText;

	private final String stderrText;

	/**
	 * Create a result; the runtime creates them, tests of code that handles them may too.
	 * @param exitCode the exit code
	 * @param stdout the captured standard output
	 * @param stderr the captured standard error
	 * @param output the captured merged output
	 * @param stdoutText the standard output as text
	 * @param stderrText the standard error as text
	 */
	public WasmCommandResult(int exitCode, byte[] stdout, byte[] stderr, byte[] output, String stdoutText,
			String stderrText) {
		this.exitCode = exitCode;
		this.stdout = stdout;
		this.stderr = stderr;
		this.output = output;
		this.stdoutText = stdoutText;
		this.stderrText = stderrText;
	}

	/**
	 * Return the exit code: 0 when the command returned from {@code main} or called
	 * {@code exit(0)}.
	 * @return the exit code
	 */
	public int exitCode() {
		return this.exitCode;
	}

	/**
	 * Return the standard output of this run as UTF-8 text, empty unless captured; ends
	 * with a note if the capture limit was reached.
	 * @return the text
	 */
	public String stdout() {
		return this.stdoutText;
	}

	/**
	 * Return the standard error of this run as UTF-8 text, empty unless captured; ends
	 * with a note if the capture limit was reached.
	 * @return the text
	 */
	public String stderr() {
		return this.stderrText;
	}

	/**
	 * Return the bytes the run wrote to standard output, empty unless captured.
	 * @return a copy of the bytes
	 */
	public byte[] stdoutBytes() {
		return this.stdout.clone();
	}

	/**
	 * Return the bytes the run wrote to standard error, empty unless captured.
	 * @return a copy of the bytes
	 */
	public byte[] stderrBytes() {
		return this.stderr.clone();
	}

	/**
	 * Return what the run wrote to standard output and standard error, in the order it
	 * wrote them, if the instance was created with
	 * {@link WasiInstanceOptions#withMergedOutput()}; empty otherwise.
	 * @return a copy of the bytes
	 */
	public byte[] output() {
		return this.output.clone();
	}

	/**
	 * Return what the run wrote to both streams as UTF-8 text, in the order it wrote
	 * them, if merged output was asked for; empty otherwise.
	 * @return the text
	 */
	public String outputText() {
		return new String(this.output, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "WasmCommandResult[exitCode=" + this.exitCode + ", stdout=" + this.stdout.length + " bytes, stderr="
				+ this.stderr.length + " bytes]";
	}

}
