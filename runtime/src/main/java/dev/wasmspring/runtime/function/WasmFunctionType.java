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

package dev.wasmspring.runtime.function;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The signature of a WebAssembly function: parameter and result types. Immutable and safe
 * to share.
 *
 * @param params the parameter types
 * @param results the result types
 */
public record WasmFunctionType(List<WasmValueType> params, List<WasmValueType> results) {

	public WasmFunctionType {
		params = List.copyOf(params);
		results = List.copyOf(results);
	}

	/**
	 * Create a signature.
	 * @param params the parameter types
	 * @param results the result types
	 * @return the signature
	 */
	public static WasmFunctionType of(List<WasmValueType> params, List<WasmValueType> results) {
		return new WasmFunctionType(params, results);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		// written out: a record's generated equals and hashCode link through a bootstrap
		// method whose first use costs a fresh JVM tens of milliseconds
		return this == other || (other instanceof WasmFunctionType type && this.params.equals(type.params)
				&& this.results.equals(type.results));
	}

	@Override
	public int hashCode() {
		return 31 * this.params.hashCode() + this.results.hashCode();
	}

	@Override
	public String toString() {
		return "(" + join(this.params) + ") -> "
				+ ((this.results.size() == 1) ? this.results.get(0).toString() : "(" + join(this.results) + ")");
	}

	private static String join(List<WasmValueType> types) {
		return types.stream().map(WasmValueType::toString).collect(Collectors.joining(", "));
	}

}
