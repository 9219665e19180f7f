package dev.wasmspring.test.example;

import org.springframework.stereotype.Component;

import dev.wasmspring.host.WasmImport;

/**
 * The application's host function for {@code env.negate}; the module's other imports are provided elsewhere
 * in a real application, and stubbed in these tests.
 */
@Component
public class NegatingHost {

	@WasmImport(module = "env", name = "negate")
	public int negate(int value) {
		return -value;
	}

}
