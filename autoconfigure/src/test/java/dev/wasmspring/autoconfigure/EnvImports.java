package dev.wasmspring.autoconfigure;

import dev.wasmspring.host.WasmImport;

/**
 * A bean that provides every import of imports.wasm except {@code env.set}, which each test provides in the
 * way it is about.
 */
public class EnvImports {

	@WasmImport
	public int get_i32() {
		return 0;
	}

	@WasmImport
	public int echo_i32(int value) {
		return value;
	}

	@WasmImport
	public long echo_i64(long value) {
		return value;
	}

	@WasmImport
	public float echo_f32(float value) {
		return value;
	}

	@WasmImport
	public double echo_f64(double value) {
		return value;
	}

	@WasmImport
	public boolean negate(boolean value) {
		return !value;
	}

	@WasmImport(name = "text_length")
	public int textLength(String text) {
		return text.length();
	}

	@WasmImport(name = "bytes_sum")
	public int bytesSum(byte[] bytes) {
		int sum = 0;
		for (byte value : bytes) {
			sum += Byte.toUnsignedInt(value);
		}
		return sum;
	}

	@WasmImport
	public String greet(String name) {
		return "Hello, " + name + "!";
	}

	@WasmImport
	public void fail() {
		throw new IllegalStateException("host says no");
	}

}
