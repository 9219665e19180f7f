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

package dev.wasmspring.host;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Map;

import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;

/**
 * A Java method bound as a host function. A record, because the JIT trusts a record's
 * final fields as constants: once the runtime holds this function as a constant, its
 * handle is one too and the whole call, conversions and target method included, inlines
 * into the guest's call site.
 *
 * @param module the import module name
 * @param name the import name
 * @param type the WebAssembly signature
 * @param description the method, for messages
 * @param requiredExports the exports the calling module must provide
 * @param handle the call, of type {@code (WasmCallContext, long[]) -> long[]}
 */
record HostMethodFunction(String module, String name, WasmFunctionType type, String description,
		Map<String, WasmFunctionType> requiredExports, MethodHandle handle) implements WasmHostFunction {

	@Override
	public long[] invoke(WasmCallContext context, long[] args) throws Exception {
		try {
			return (long[]) this.handle.invokeExact(context, args);
		}
		catch (Exception | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new UndeclaredThrowableException(ex);
		}
	}

	@Override
	public String toString() {
		return this.module + "." + this.name + this.type + " -> " + this.description;
	}

}
