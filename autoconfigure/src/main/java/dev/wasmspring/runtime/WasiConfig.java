package dev.wasmspring.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The WASI preview 1 sandbox of one module: whether the module may link WASI at all, its arguments, its
 * environment, where its standard streams go and which host directories it sees. Nothing from the host
 * (environment, directories, streams) is visible to the guest unless configured here. Immutable; the
 * {@code with} methods return modified copies.
 */
public final class WasiConfig {

	/**
	 * Where a guest's standard output or error goes.
	 */
	public enum Output {

		/** To a logger named after the module ({@code wasm.<module>}), one log event per line. */
		LOG,

		/** Nowhere. */
		DISCARD,

		/** Into a buffer of the instance, read with {@link WasmInstance#capturedStdout()} and friends. */
		CAPTURE

	}

	/**
	 * A host directory made visible to the guest.
	 *
	 * @param hostPath the directory on the host
	 * @param readOnly whether the guest may only read it
	 */
	public record Directory(Path hostPath, boolean readOnly) {

		public Directory {
			Objects.requireNonNull(hostPath, "hostPath");
		}

	}

	private static final WasiConfig DISABLED = new WasiConfig(false, List.of(), Map.of(), Output.LOG, Output.LOG,
			Map.of());

	private final boolean enabled;

	private final List<String> arguments;

	private final Map<String, String> environment;

	private final Output stdout;

	private final Output stderr;

	private final Map<String, Directory> directories;

	private WasiConfig(boolean enabled, List<String> arguments, Map<String, String> environment, Output stdout,
			Output stderr, Map<String, Directory> directories) {
		this.enabled = enabled;
		this.arguments = List.copyOf(arguments);
		this.environment = Map.copyOf(environment);
		this.stdout = stdout;
		this.stderr = stderr;
		this.directories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(directories));
	}

	/**
	 * Return a configuration with WASI disabled: the module may not import {@code wasi_snapshot_preview1}.
	 * @return the disabled configuration
	 */
	public static WasiConfig disabled() {
		return DISABLED;
	}

	/**
	 * Return a configuration with WASI enabled, no arguments, an empty environment, output to the log and
	 * no directories.
	 * @return the enabled configuration
	 */
	public static WasiConfig enabled() {
		return DISABLED.withEnabled(true);
	}

	public WasiConfig withEnabled(boolean enabled) {
		return new WasiConfig(enabled, this.arguments, this.environment, this.stdout, this.stderr, this.directories);
	}

	public WasiConfig withArguments(List<String> arguments) {
		return new WasiConfig(this.enabled, arguments, this.environment, this.stdout, this.stderr, this.directories);
	}

	public WasiConfig withEnvironment(Map<String, String> environment) {
		return new WasiConfig(this.enabled, this.arguments, environment, this.stdout, this.stderr, this.directories);
	}

	public WasiConfig withStdout(Output stdout) {
		return new WasiConfig(this.enabled, this.arguments, this.environment, stdout, this.stderr, this.directories);
	}

	public WasiConfig withStderr(Output stderr) {
		return new WasiConfig(this.enabled, this.arguments, this.environment, this.stdout, stderr, this.directories);
	}

	public WasiConfig withDirectories(Map<String, Directory> directories) {
		return new WasiConfig(this.enabled, this.arguments, this.environment, this.stdout, this.stderr, directories);
	}

	public WasiConfig withDirectory(String guestPath, Path hostPath, boolean readOnly) {
		Map<String, Directory> directories = new LinkedHashMap<>(this.directories);
		directories.put(guestPath, new Directory(hostPath, readOnly));
		return withDirectories(directories);
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

}
