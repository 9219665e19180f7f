package dev.wasmspring.benchmarks;

import dev.wasmspring.host.WasmImport;

/**
 * The host functions of the host-call benchmark written as an application writes them: {@link WasmImport}
 * methods, with the same bodies as the hand-written ones of {@link HostImports}. Safe to share between
 * threads except for the sink, which is used by one benchmark thread.
 */
public class HostImportMethods {

	private final HostSink sink;

	HostImportMethods(HostSink sink) {
		this.sink = sink;
	}

	@WasmImport
	public void set(long value) {
		this.sink.set(value);
	}

	/** The ten further imports of imports.wasm. */
	public static class WithOthers extends HostImportMethods {

		WithOthers(HostSink sink) {
			super(sink);
		}

		@WasmImport(name = "get_i32")
		public int getI32() {
			return 7;
		}

		@WasmImport(name = "echo_i32")
		public int echoI32(int value) {
			return value;
		}

		@WasmImport(name = "echo_i64")
		public long echoI64(long value) {
			return value;
		}

		@WasmImport(name = "echo_f32")
		public float echoF32(float value) {
			return value;
		}

		@WasmImport(name = "echo_f64")
		public double echoF64(double value) {
			return value;
		}

		@WasmImport
		public int negate(int value) {
			return -value;
		}

		@WasmImport(name = "text_length")
		public int textLength(byte[] utf8) {
			return HostImports.textLength(utf8);
		}

		@WasmImport(name = "bytes_sum")
		public int bytesSum(byte[] bytes) {
			return HostImports.bytesSum(bytes);
		}

		/** An empty answer, as the other bindings give. */
		@WasmImport
		public String greet(String name) {
			return "";
		}

		@WasmImport
		public void fail() {
			throw HostImports.fail();
		}

	}

}
