package dev.wasmspring.runtime;

import java.util.Map;

/**
 * Contexts for tests of host-call machinery that run without an instance.
 */
public final class TestContexts {

	private TestContexts() {
	}

	public static WasmCallContext detached(String moduleName, Map<String, Object> attributes) {
		return new WasmCallContext(moduleName, attributes);
	}

}
