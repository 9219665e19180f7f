/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wasmspring.benchmarks;

import dev.wasmspring.host.WasmImport;

/**
 * The host functions of the host-call benchmark written as an application writes them:
 * {@link WasmImport} methods, with the same bodies as the hand-written ones of
 * {@link HostImports}. Safe to share between threads except for the sink, which is used
 * by one benchmark thread.
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
