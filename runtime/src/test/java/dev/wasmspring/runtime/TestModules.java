package dev.wasmspring.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The test modules built from testing-wasm/src (see testing-wasm/README.md).
 */
public final class TestModules {

	private TestModules() {
	}

	public static byte[] bytes(String name) {
		try (InputStream in = TestModules.class.getResourceAsStream("/wasm/" + name)) {
			if (in == null) {
				throw new IllegalStateException("No test module /wasm/" + name);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static ModuleSource source(String name) {
		return ModuleSource.of("classpath:wasm/" + name, bytes(name));
	}

	public static WasmModuleDefinition definition(String moduleName, String file) {
		return WasmModuleDefinition.of(moduleName, source(file));
	}

}
