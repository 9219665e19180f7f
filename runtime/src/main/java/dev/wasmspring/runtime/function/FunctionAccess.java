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

import java.util.Map;

import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.internal.context.CallingInstance;
import dev.wasmspring.runtime.internal.extism.ExtismKernel;
import dev.wasmspring.runtime.internal.limits.CallCancellation;
import dev.wasmspring.runtime.internal.limits.CallWatchdog;

/**
 * Not API: the runtime's own way to the members of this package that users do not see,
 * handed only to the runtime's builder in {@code dev.wasmspring.runtime}, which passes it
 * on to the machinery through {@code internal.module.ApiAccess}. A package of its own
 * cannot share package-private members with the root package, and a circle between the
 * packages is what this design avoids.
 */
public final class FunctionAccess {

	/**
	 * Hand the access to the runtime's builder, its one caller.
	 * @return the access
	 * @throws IllegalCallerException when called from anywhere but the package
	 * {@code dev.wasmspring.runtime}
	 */
	public static FunctionAccess grant() {
		Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
		if (!caller.getPackageName().equals("dev.wasmspring.runtime")) {
			throw new IllegalCallerException("FunctionAccess is the runtime's own access to its API types, not API; "
					+ caller.getName() + " may not use it");
		}
		return INSTANCE;
	}

	private static final FunctionAccess INSTANCE = new FunctionAccess();

	private FunctionAccess() {
	}

	/**
	 * Create the context an instance's host functions see.
	 * @param moduleName the module's name
	 * @param attributes the instance's attributes, immutable
	 * @param instance what the context asks of its instance
	 * @return the context, not yet attached
	 */
	public WasmCallContext newContext(String moduleName, Map<String, Object> attributes, CallingInstance instance) {
		return new WasmCallContext(moduleName, attributes, instance);
	}

	/**
	 * Attach a context to its instance once the instance is built.
	 * @param context the context
	 * @param settingNames how its messages name settings
	 */
	public void attach(WasmCallContext context, WasmSettingNames settingNames) {
		context.attach(settingNames);
	}

	/**
	 * Give a context the Extism kernel of its plugin.
	 * @param context the context
	 * @param extism the kernel
	 */
	public void attachExtism(WasmCallContext context, ExtismKernel extism) {
		context.attachExtism(extism);
	}

	/**
	 * Detach a context from its closed instance.
	 * @param context the context
	 */
	public void detach(WasmCallContext context) {
		context.detach();
	}

	/**
	 * Create a cancel handle on an instance's calls.
	 * @param cancellation the instance's cancellation state
	 * @param watchdog the runtime's watchdog
	 * @param moduleName the module's name
	 * @return the handle
	 */
	public WasmCancelHandle cancelHandle(CallCancellation cancellation, CallWatchdog watchdog, String moduleName) {
		return new WasmCancelHandle(cancellation, watchdog, moduleName);
	}

}
