package dev.wasmspring.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WASI state of one instance: its options, its standard streams and the WASI host functions bound to
 * them. Confined to the instance's thread like the instance itself.
 */
final class WasiSession implements AutoCloseable {

	private final WasiPreview1 wasi;

	private final WasiDirectories directories;

	private final @Nullable ByteArrayOutputStream capturedStdout;

	private final @Nullable ByteArrayOutputStream capturedStderr;

	private final OutputStream stdout;

	private final OutputStream stderr;

	WasiSession(String moduleName, WasiConfig config) {
		this.capturedStdout = (config.stdout() == WasiConfig.Output.CAPTURE) ? new ByteArrayOutputStream() : null;
		this.capturedStderr = (config.stderr() == WasiConfig.Output.CAPTURE) ? new ByteArrayOutputStream() : null;
		Logger logger = LoggerFactory.getLogger("wasm." + moduleName);
		this.stdout = stream(config.stdout(), this.capturedStdout, logger, false);
		this.stderr = stream(config.stderr(), this.capturedStderr, logger, true);
		WasiOptions.Builder options = WasiOptions.builder()
			.withStdout(this.stdout, false)
			.withStderr(this.stderr, false)
			.withArguments(config.arguments());
		for (Map.Entry<String, String> variable : config.environment().entrySet()) {
			options.withEnvironment(variable.getKey(), variable.getValue());
		}
		this.directories = WasiDirectories.open(moduleName, config, logger);
		this.directories.preopens().forEach(options::withDirectory);
		this.wasi = WasiPreview1.builder().withOptions(options.build()).build();
	}

	private static OutputStream stream(WasiConfig.Output output, @Nullable ByteArrayOutputStream capture,
			Logger logger, boolean error) {
		return switch (output) {
			case DISCARD -> OutputStream.nullOutputStream();
			case CAPTURE -> capture;
			case LOG -> new LineLoggingOutputStream(logger, error);
		};
	}

	HostFunction[] hostFunctions() {
		return this.directories.guard(this.wasi.toHostFunctions());
	}

	String capturedStdout() {
		return (this.capturedStdout != null) ? this.capturedStdout.toString(StandardCharsets.UTF_8) : "";
	}

	String capturedStderr() {
		return (this.capturedStderr != null) ? this.capturedStderr.toString(StandardCharsets.UTF_8) : "";
	}

	void flush() {
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
		this.wasi.close();
	}

	/** Writes each complete line to the module's logger. */
	private static final class LineLoggingOutputStream extends OutputStream {

		private final Logger logger;

		private final boolean error;

		private final ByteArrayOutputStream line = new ByteArrayOutputStream();

		LineLoggingOutputStream(Logger logger, boolean error) {
			this.logger = logger;
			this.error = error;
		}

		@Override
		public void write(int b) {
			if (b == '\n') {
				emit();
			}
			else {
				this.line.write(b);
			}
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			for (int i = offset; i < offset + length; i++) {
				write(bytes[i]);
			}
		}

		@Override
		public void flush() {
			if (this.line.size() > 0) {
				emit();
			}
		}

		private void emit() {
			String text = this.line.toString(StandardCharsets.UTF_8);
			this.line.reset();
			if (this.error) {
				this.logger.warn(text);
			}
			else {
				this.logger.info(text);
			}
		}

	}

}
