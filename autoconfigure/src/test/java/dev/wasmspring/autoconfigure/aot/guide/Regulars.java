package dev.wasmspring.autoconfigure.aot.guide;

import java.util.Set;

import dev.wasmspring.host.WasmImport;

/**
 * The guide's host function bean.
 */
class Regulars {

	private final Set<String> names = Set.of("Ada", "Grace");

	@WasmImport(module = "greeter", name = "is_regular")
	boolean isRegular(String name) {
		return this.names.contains(name);
	}

}
