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

package dev.wasmspring.autoconfigure.plugin;

import java.util.function.Function;

import dev.wasmspring.autoconfigure.WasmInstances;
import dev.wasmspring.autoconfigure.reactive.WasmReactiveCalls;
import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Finds the instance a plugin call runs in: the current HTTP request's when the policy
 * allows and a request is being handled on the calling thread, otherwise a new one closed
 * after the call; for {@code Mono} results, the WebFlux exchange's or a new one, through
 * {@link WasmReactiveCalls}. The one place plugin calls meet the instance beans.
 * Thread-safe.
 */
final class PluginInstances {

	private static final boolean WEB_PRESENT = ClassUtils.isPresent(
			"org.springframework.web.context.request.RequestContextHolder", PluginInstances.class.getClassLoader());

	private final WasmRuntime runtime;

	private final WasmInstances instances;

	private final ObjectProvider<WasmReactiveCalls> reactiveCalls;

	private volatile @Nullable WasmReactiveCalls defaultReactiveCalls;

	PluginInstances(WasmRuntime runtime, WasmInstances instances, ObjectProvider<WasmReactiveCalls> reactiveCalls) {
		this.runtime = runtime;
		this.instances = instances;
		this.reactiveCalls = reactiveCalls;
	}

	/**
	 * The reactive calls of the context, or the default ones; only called when Reactor is
	 * present.
	 */
	WasmReactiveCalls reactiveCalls() {
		WasmReactiveCalls calls = this.reactiveCalls.getIfAvailable();
		if (calls != null) {
			return calls;
		}
		calls = this.defaultReactiveCalls;
		if (calls == null) {
			calls = new WasmReactiveCalls(this.runtime);
			this.defaultReactiveCalls = calls;
		}
		return calls;
	}

	WasmRuntime runtime() {
		return this.runtime;
	}

	<R> R call(String moduleName, WasmPlugin.Instances policy, Function<WasmInstance, R> call) {
		if (policy == WasmPlugin.Instances.REQUEST && WEB_PRESENT
				&& RequestContextHolder.getRequestAttributes() != null) {
			return call.apply(this.instances.current(moduleName));
		}
		try (WasmInstance instance = this.instances.create(moduleName)) {
			return call.apply(instance);
		}
	}

}
