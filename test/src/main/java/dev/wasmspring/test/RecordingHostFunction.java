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

import java.util.Map;

import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import org.jspecify.annotations.Nullable;

/**
 * A host function that records its calls in {@link WasmHostCalls} and answers with the
 * test's stub when there is one, else with the function it stands for (or zeros, for an
 * import nothing provides). Thread-safe.
 */
final class RecordingHostFunction implements WasmHostFunction {

	private final String module;

	private final String name;

	private final WasmFunctionType type;

	private final @Nullable WasmHostFunction delegate;

	private final WasmHostCalls calls;

	RecordingHostFunction(WasmHostFunction delegate, WasmHostCalls calls) {
		this(delegate.module(), delegate.name(), delegate.type(), delegate, calls);
	}

	RecordingHostFunction(String module, String name, WasmFunctionType type, @Nullable WasmHostFunction delegate,
			WasmHostCalls calls) {
		this.module = module;
		this.name = name;
		this.type = type;
		this.delegate = delegate;
		this.calls = calls;
	}

	@Override
	public String module() {
		return this.module;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public WasmFunctionType type() {
		return this.type;
	}

	@Override
	public String description() {
		return (this.delegate != null) ? this.delegate.description() + " (recorded by WasmHostCalls)"
				: "a stub of " + this.module + "." + this.name + this.type + " (WasmHostCalls)";
	}

	@Override
	public Map<String, WasmFunctionType> requiredExports() {
		return (this.delegate != null) ? this.delegate.requiredExports() : Map.of();
	}

	@Override
	public long[] invoke(WasmCallContext context, long[] args) throws Exception {
		WasmHostCall call = WasmHostCall.live(this.module, this.name, this.type, context, args);
		try {
			long[] results = answer(call, context, args);
			this.calls.record(call.finished(results, null));
			return results;
		}
		catch (Exception | Error ex) {
			this.calls.record(call.finished(null, ex));
			throw ex;
		}
	}

	private long[] answer(WasmHostCall call, WasmCallContext context, long[] args) throws Exception {
		WasmHostAnswer stub = this.calls.stubFor(this.module, this.name);
		if (stub != null) {
			return WasmHostCalls.toResults(this.module, this.name, this.type, stub.answer(call));
		}
		if (this.delegate != null) {
			long[] results = this.delegate.invoke(context, args);
			return (results != null) ? results : new long[0];
		}
		return new long[this.type.results().size()];
	}

}
