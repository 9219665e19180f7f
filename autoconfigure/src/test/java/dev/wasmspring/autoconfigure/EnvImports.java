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

package dev.wasmspring.autoconfigure;

import dev.wasmspring.host.WasmImport;

/**
 * A bean that provides every import of imports.wasm except {@code env.set}, which each
 * test provides in the way it is about.
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
