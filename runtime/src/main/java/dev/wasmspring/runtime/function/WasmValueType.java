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

/**
 * A WebAssembly value type as seen in function signatures.
 */
public enum WasmValueType {

	/** 32-bit integer. */
	I32,

	/** 64-bit integer. */
	I64,

	/** 32-bit IEEE float. */
	F32,

	/** 64-bit IEEE float. */
	F64,

	/** 128-bit vector. */
	V128,

	/** Function reference. */
	FUNCREF,

	/** External reference. */
	EXTERNREF,

	/** Any other reference type. */
	OTHER;

	@Override
	public String toString() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
