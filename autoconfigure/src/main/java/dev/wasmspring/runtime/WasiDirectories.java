package dev.wasmspring.runtime;

import java.nio.file.Path;

/**
 * Maps a configured directory to the path handed to the WASI implementation.
 */
final class WasiDirectories {

	private WasiDirectories() {
	}

	static Path hostPath(WasiConfig.Directory directory) {
		return directory.hostPath().toAbsolutePath().normalize();
	}

}
