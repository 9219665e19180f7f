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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

import com.dylibso.chicory.log.SystemLogger;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import dev.wasmspring.runtime.internal.limits.GuestText;
import dev.wasmspring.runtime.wasi.WasiConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The WASI state of one instance: its options, its standard streams and the WASI host
 * functions bound to them, which the engine's WASI behind them is opened for on the
 * guest's first WASI call. Confined to the instance's thread like the instance itself.
 * <p>
 * Output is bounded, so that a guest printing in a loop until its timeout cannot fill the
 * heap: a captured stream keeps its first {@link WasiConfig#captureLimit()} bytes and
 * notes that the rest was dropped, and a logged stream logs as many, splitting lines
 * longer than {@value #MAX_LOG_LINE} bytes, then one line saying how much was dropped.
 */
public final class WasiSession implements AutoCloseable {

	/**
	 * The engine's WASI logs only at trace level, through a logger it would otherwise
	 * pick for every instance, asking the class loader each time for a class that is not
	 * there: one logger, stateless, shared by every session.
	 */
	private static final com.dylibso.chicory.log.Logger ENGINE_LOGGER = new SystemLogger();

	public static final int MAX_LOG_LINE = 8192;

	private final WasiConfig config;

	private final WasiDirectories directories;

	private final WasiCallHints hints;

	// the engine's WASI and the functions linked from it, opened on the guest's
	// first WASI call: the engine makes all of its functions at once, and many
	// instances never call one; volatile for the cleaner, which closes what a
	// dropped instance left open
	private volatile @Nullable EngineWasi engine;

	private final @Nullable Capture capturedStdout;

	private final @Nullable Capture capturedStderr;

	private final OutputStream stdout;

	private final OutputStream stderr;

	private final @Nullable Capture merged;

	private final InputStream stdin;

	public WasiSession(String moduleName, Logger logger, WasiConfig config, WasiOpenFiles runtimeFiles) {
		this(moduleName, logger, config, WasiStreams.NONE, runtimeFiles);
	}

	/**
	 * Open the WASI state of one instance whose standard streams the instance's creator
	 * chose.
	 * @param moduleName the module, for messages
	 * @param logger the module's logger, which standard output and error go to when they
	 * are logged
	 * @param config the effective configuration
	 * @param streams standard input and output destinations overriding the
	 * configuration's
	 * @param runtimeFiles the files the guests of the whole runtime hold open
	 */
	public WasiSession(String moduleName, Logger logger, WasiConfig config, WasiStreams streams,
			WasiOpenFiles runtimeFiles) {
		boolean captureAll = streams.merged();
		this.capturedStdout = (captureAll || config.stdout() == WasiConfig.Output.CAPTURE)
				? new Capture(config.captureLimit()) : null;
		this.capturedStderr = (captureAll || config.stderr() == WasiConfig.Output.CAPTURE)
				? new Capture(config.captureLimit()) : null;
		this.merged = captureAll ? new Capture(config.captureLimit()) : null;
		this.stdout = destination(streams.stdout(), captureAll ? WasiConfig.Output.CAPTURE : config.stdout(),
				this.capturedStdout, logger, false, config.captureLimit());
		this.stderr = destination(streams.stderr(), captureAll ? WasiConfig.Output.CAPTURE : config.stderr(),
				this.capturedStderr, logger, true, config.captureLimit());
		InputStream stdin = streams.stdin();
		// a stream that may wait is read so that the call's deadline ends the wait; bytes
		// in memory never wait
		if (stdin == null) {
			this.stdin = InputStream.nullInputStream();
		}
		else {
			this.stdin = (stdin instanceof ByteArrayInputStream) ? stdin
					: new InterruptibleInput(stdin, "wasm-stdin-" + moduleName);
		}
		this.config = config;
		this.hints = new WasiCallHints();
		this.directories = WasiDirectories.open(moduleName, config, logger, this.hints, runtimeFiles);
	}

	/**
	 * Open the engine's WASI over the session's streams, arguments, environment and
	 * directories.
	 */
	private EngineWasi engine() {
		EngineWasi engine = this.engine;
		if (engine != null) {
			return engine;
		}
		// std streams are pipes here, never terminals: a guest must not wait for a user
		// or print prompts
		WasiOptions.Builder options = WasiOptions.builder()
			.withStdin(this.stdin, false)
			.withStdout(this.stdout, false)
			.withStderr(this.stderr, false)
			.withArguments(this.config.arguments());
		for (Map.Entry<String, String> variable : this.config.environment().entrySet()) {
			options.withEnvironment(variable.getKey(), variable.getValue());
		}
		this.directories.preopens().forEach(options::withDirectory);
		engine = new EngineWasi(WasiPreview1.builder().withLogger(ENGINE_LOGGER).withOptions(options.build()).build(),
				new WasiCorrections(this.hints));
		this.engine = engine;
		return engine;
	}

	/**
	 * Return whether the guest called WASI yet, so that the engine's WASI was opened.
	 * @return whether it was
	 */
	public boolean isOpen() {
		return this.engine != null;
	}

	private OutputStream destination(@Nullable OutputStream callers, WasiConfig.Output output,
			@Nullable Capture capture, Logger logger, boolean error, long limit) {
		OutputStream own = (callers != null) ? callers : stream(output, capture, logger, error, limit);
		Capture merged = this.merged;
		return (merged != null) ? new Tee(own, merged) : own;
	}

	private static OutputStream stream(WasiConfig.Output output, @Nullable Capture capture, Logger logger,
			boolean error, long limit) {
		return switch (output) {
			case DISCARD -> OutputStream.nullOutputStream();
			case CAPTURE -> capture;
			case LOG -> new LineLoggingOutputStream(logger, error, limit);
		};
	}

	/**
	 * Call one of WASI's functions, with the sandbox's guard and corrections around the
	 * engine's; the engine's WASI is opened on the first call.
	 * @param index the function's position in the engine's order
	 * @param instance the calling instance
	 * @param args the arguments
	 * @return the results
	 */
	public long[] call(int index, Instance instance, long[] args) {
		EngineWasi engine = this.engine;
		HostFunction function = (engine != null) ? engine.linked[index] : null;
		if (function == null) {
			function = link(index);
		}
		return function.handle().apply(instance, args);
	}

	private HostFunction link(int index) {
		EngineWasi engine = engine();
		Function<String, HostFunction> byName = (name) -> {
			for (HostFunction function : engine.functions) {
				if (function.name().equals(name)) {
					return this.directories.guard(function);
				}
			}
			throw new IllegalStateException("The engine's WASI has no " + name);
		};
		HostFunction function = engine.corrections.correct(this.directories.guard(engine.functions[index]), byName);
		engine.linked[index] = function;
		return function;
	}

	/**
	 * Where the captured output ends now, to read what a call adds with
	 * {@link #capturedStdout(long)}.
	 */
	public long stdoutPosition() {
		return (this.capturedStdout != null) ? this.capturedStdout.written : 0;
	}

	public long stderrPosition() {
		return (this.capturedStderr != null) ? this.capturedStderr.written : 0;
	}

	public String capturedStdout() {
		return capturedStdout(0);
	}

	public String capturedStderr() {
		return capturedStderr(0);
	}

	public String capturedStdout(long from) {
		return (this.capturedStdout != null) ? this.capturedStdout.text(from) : "";
	}

	public String capturedStderr(long from) {
		return (this.capturedStderr != null) ? this.capturedStderr.text(from) : "";
	}

	/** Where the merged output ends now. */
	public long mergedPosition() {
		return (this.merged != null) ? this.merged.written : 0;
	}

	public byte[] capturedStdoutBytes(long from) {
		return (this.capturedStdout != null) ? this.capturedStdout.bytes(from) : new byte[0];
	}

	public byte[] capturedStderrBytes(long from) {
		return (this.capturedStderr != null) ? this.capturedStderr.bytes(from) : new byte[0];
	}

	public byte[] mergedBytes(long from) {
		return (this.merged != null) ? this.merged.bytes(from) : new byte[0];
	}

	public void flush() {
		try {
			this.stdout.flush();
			this.stderr.flush();
		}
		catch (java.io.IOException ex) {
			// logging streams do not fail; nothing to report
		}
	}

	@Override
	public void close() {
		flush();
		try {
			this.stdin.close();
		}
		catch (java.io.IOException ex) {
			// the instance's own view of its input: closing it does not fail
		}
		EngineWasi engine = this.engine;
		if (engine != null) {
			engine.wasi.close();
		}
		this.directories.close();
	}

	/**
	 * The engine's WASI of one session, its functions, and the ones linked so far with
	 * the sandbox's guard and corrections around them.
	 */
	private static final class EngineWasi {

		private final WasiPreview1 wasi;

		private final HostFunction[] functions;

		private final HostFunction[] linked;

		private final WasiCorrections corrections;

		EngineWasi(WasiPreview1 wasi, WasiCorrections corrections) {
			this.wasi = wasi;
			this.corrections = corrections;
			this.functions = wasi.toHostFunctions();
			this.linked = new HostFunction[this.functions.length];
		}

	}

	/** Keeps the first bytes written, up to a limit, and counts the rest. */
	private static final class Capture extends OutputStream {

		private final long limit;

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private long written;

		Capture(long limit) {
			this.limit = limit;
		}

		@Override
		public void write(int b) {
			if (this.written++ < this.limit) {
				this.bytes.write(b);
			}
		}

		@Override
		public void write(byte[] data, int offset, int length) {
			long room = Math.max(0, this.limit - this.written);
			this.bytes.write(data, offset, (int) Math.min(room, length));
			this.written += length;
		}

		/** The bytes kept since a position. */
		public byte[] bytes(long from) {
			int start = (int) Math.min(from, this.bytes.size());
			byte[] all = this.bytes.toByteArray();
			return java.util.Arrays.copyOfRange(all, start, all.length);
		}

		/** The text written since a position, with a note if some of it was dropped. */
		public String text(long from) {
			int start = (int) Math.min(from, this.bytes.size());
			String text = new String(this.bytes.toByteArray(), start, this.bytes.size() - start,
					StandardCharsets.UTF_8);
			if (this.written > this.limit && this.written > from) {
				text += "\n[output truncated: " + (this.written - Math.max(from, this.limit))
						+ " more bytes exceeded the capture limit of " + this.limit + " bytes]\n";
			}
			return text;
		}

	}

	/**
	 * Writes to a stream and to the merged capture, so the merged capture keeps the order
	 * of both streams.
	 */
	private static final class Tee extends OutputStream {

		private final OutputStream first;

		private final OutputStream second;

		Tee(OutputStream first, OutputStream second) {
			this.first = first;
			this.second = second;
		}

		@Override
		public void write(int b) throws java.io.IOException {
			this.first.write(b);
			this.second.write(b);
		}

		@Override
		public void write(byte[] data, int offset, int length) throws java.io.IOException {
			this.first.write(data, offset, length);
			this.second.write(data, offset, length);
		}

		@Override
		public void flush() throws java.io.IOException {
			this.first.flush();
		}

	}

	/**
	 * Writes each complete line to the module's logger, splitting lines that exceed the
	 * maximum, up to a limit of bytes per instance; what exceeds it is counted and
	 * reported in one line.
	 */
	private static final class LineLoggingOutputStream extends OutputStream {

		private final Logger logger;

		private final boolean error;

		private final long limit;

		// made on the first byte written: most instances print nothing
		private @Nullable ByteArrayOutputStream line;

		private long written;

		private long dropped;

		private long reported;

		LineLoggingOutputStream(Logger logger, boolean error, long limit) {
			this.logger = logger;
			this.error = error;
			this.limit = limit;
		}

		@Override
		public void write(int b) {
			if (this.written >= this.limit) {
				this.dropped++;
				return;
			}
			this.written++;
			if (b == '\n') {
				emit();
				return;
			}
			ByteArrayOutputStream line = this.line;
			if (line == null) {
				line = new ByteArrayOutputStream();
				this.line = line;
			}
			line.write(b);
			if (line.size() >= MAX_LOG_LINE) {
				emit();
			}
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			int end = offset + length;
			int i = offset;
			for (; i < end && this.written < this.limit; i++) {
				write(bytes[i]);
			}
			this.dropped += end - i;
		}

		@Override
		public void flush() {
			ByteArrayOutputStream line = this.line;
			if (line != null && line.size() > 0) {
				emit();
			}
			if (this.dropped > this.reported) {
				log("[output truncated: " + (this.dropped - this.reported) + " more bytes exceeded the limit of "
						+ this.limit + " bytes per instance]");
				this.reported = this.dropped;
			}
		}

		private void emit() {
			// escaped: a guest's carriage return or escape sequence neither forges a log
			// line nor reaches a terminal
			ByteArrayOutputStream line = this.line;
			String text = GuestText.escape((line != null) ? line.toString(StandardCharsets.UTF_8) : "");
			if (line != null) {
				line.reset();
			}
			log(text);
		}

		private void log(String text) {
			if (this.error) {
				this.logger.warn(text);
			}
			else {
				this.logger.info(text);
			}
		}

	}

}
