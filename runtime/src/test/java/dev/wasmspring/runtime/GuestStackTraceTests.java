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

package dev.wasmspring.runtime;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scratch.
 */
class GuestStackTraceTests {

	private WasmRuntime runtime;

	@AfterEach
	void close() {
		if (this.runtime != null) {
			this.runtime.close();
		}
	}

	@ParameterizedTest
	@EnumSource(WasmEngine.class)
	void print(WasmEngine engine) {
		WasmValueType i32 = WasmValueType.I32;
		List<WasmHostFunction> hosts = List.of(
				new StubHostFunction("env", "fetch", WasmFunctionType.of(List.of(i32), List.of(i32)),
						(context, args) -> new long[] { context.allocate((int) args[0]) }),
				new StubHostFunction("env", "notify", WasmFunctionType.of(List.of(i32), List.of()), (context, args) -> {
					throw new IllegalStateException("notify refused " + args[0]);
				}));
		this.runtime = WasmRuntime.builder()
			.withEngine(engine)
			.withHostFunctions(hosts)
			.withCompilationCache(CompilationCache.create())
			.build();
		this.runtime.define(TestModules.definition("traces", "traces.wasm").withGuestFrames(WasmGuestFrames.LINES));
		for (String[] call : new String[][] { { "split", "1", "0" }, { "peek", "1000000000" }, { "price", "-1" },
				{ "recurse", "100000000" }, { "load", "2000000" }, { "report", "7" } }) {
			try (WasmInstance instance = this.runtime.newInstance("traces")) {
				Object[] args = new Object[call.length - 1];
				for (int i = 1; i < call.length; i++) {
					args[i - 1] = Integer.parseInt(call[i]);
				}
				instance.call(call[0], args);
			}
			catch (WasmException ex) {
				System.out.println("=== " + engine + " " + call[0] + " " + ex);
				StackTraceElement[] trace = ex.getStackTrace();
				for (int i = 0; i < Math.min(trace.length, 30); i++) {
					System.out.println("  at " + trace[i]);
				}
				if (ex.getCause() != null) {
					System.out.println("  caused by " + ex.getCause());
				}
			}
		}
	}

}
