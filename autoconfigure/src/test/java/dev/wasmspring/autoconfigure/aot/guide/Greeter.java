package dev.wasmspring.autoconfigure.aot.guide;

import dev.wasmspring.plugin.WasmPlugin;

/**
 * The guide's plugin interface, package-private as the guide writes it, with a default method.
 */
@WasmPlugin("greeter")
interface Greeter {

	String greet(String name);

	default String greetBoth(String first, String second) {
		return greet(first) + " " + greet(second);
	}

}
