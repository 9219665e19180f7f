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

package dev.wasmspring.test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.value.WasmValues;
import org.jspecify.annotations.Nullable;

/**
 * The host functions of a test's application context, seen from the test: every call a
 * guest makes to one is recorded, and any import can be stubbed, whether an
 * {@code @WasmImport} bean provides it or, as in a slice that leaves that bean out,
 * nothing does. An import nothing provides answers zeros until it is stubbed.
 * <p>
 * One bean per application context, added by {@link WasmTest @WasmTest} and
 * {@link AutoConfigureWasm @AutoConfigureWasm}. Its stubs and records are cleared after
 * each test method. Thread-safe: guests may call from any thread while the test stubs and
 * reads.
 */
public final class WasmHostCalls {

	private final Map<String, WasmHostAnswer> stubs = new ConcurrentHashMap<>();

	private final List<WasmHostCall> calls = new CopyOnWriteArrayList<>();

	/**
	 * Answer an import's calls with a stub instead of its host function, until
	 * {@link #reset()}.
	 * @param importModule the import's module name, for example {@code env}
	 * @param importName the import's name
	 * @param answer the answer
	 */
	public void stub(String importModule, String importName, WasmHostAnswer answer) {
		this.stubs.put(key(importModule, importName), answer);
	}

	/**
	 * Return the recorded calls of one import, oldest first.
	 * @param importModule the import's module name
	 * @param importName the import's name
	 * @return the calls
	 */
	public List<WasmHostCall> calls(String importModule, String importName) {
		return this.calls.stream()
			.filter((call) -> call.importModule().equals(importModule) && call.importName().equals(importName))
			.toList();
	}

	/**
	 * Return every recorded call, oldest first.
	 * @return the calls
	 */
	public List<WasmHostCall> calls() {
		return List.copyOf(this.calls);
	}

	/**
	 * Forget the stubs and the recorded calls.
	 */
	public void reset() {
		this.stubs.clear();
		this.calls.clear();
	}

	@Nullable WasmHostAnswer stubFor(String importModule, String importName) {
		return this.stubs.get(key(importModule, importName));
	}

	void record(WasmHostCall call) {
		this.calls.add(call);
	}

	static long[] toResults(String importModule, String importName, WasmFunctionType type, @Nullable Object answer) {
		List<WasmValueType> results = type.results();
		if (answer instanceof long[] raw) {
			if (raw.length != results.size()) {
				throw new IllegalArgumentException("The stub of " + importModule + "." + importName + type
						+ " answered " + raw.length + " raw values; the import returns " + results.size() + ".");
			}
			return raw;
		}
		if (answer == null) {
			if (!results.isEmpty()) {
				throw new IllegalArgumentException("The stub of " + importModule + "." + importName + type
						+ " answered nothing; the import returns " + results + ".");
			}
			return new long[0];
		}
		if (results.size() != 1) {
			throw new IllegalArgumentException("The stub of " + importModule + "." + importName + type
					+ " answered one value; the import returns " + results + ". Answer a long[] of raw values.");
		}
		if (!WasmValues.accepts(results.get(0), answer)) {
			throw new IllegalArgumentException(
					"The stub of " + importModule + "." + importName + type + " answered " + WasmValues.describe(answer)
							+ ", but the import returns " + WasmValues.refusal(results.get(0), answer));
		}
		return new long[] { WasmValues.toRaw(results.get(0), answer) };
	}

	private static String key(String importModule, String importName) {
		return importModule + "\0" + importName;
	}

}
