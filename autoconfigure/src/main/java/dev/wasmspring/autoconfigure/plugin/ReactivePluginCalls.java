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

import dev.wasmspring.autoconfigure.reactive.WasmReactiveCalls;
import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.runtime.WasmInstance;
import org.jspecify.annotations.Nullable;

/**
 * Makes a plugin call a {@code Mono}, through {@link WasmReactiveCalls}; loaded only when
 * Reactor is present. The call runs when the {@code Mono} is subscribed to, off the event
 * loop, in the WebFlux exchange's instance when the policy allows, and ends when the
 * subscription is cancelled.
 */
final class ReactivePluginCalls {

	static final String MONO = "reactor.core.publisher.Mono";

	private ReactivePluginCalls() {
	}

	static Object defer(WasmReactiveCalls calls, String moduleName, WasmPlugin.Instances policy,
			Function<WasmInstance, @Nullable Object> call) {
		return (policy == WasmPlugin.Instances.REQUEST) ? calls.call(moduleName, call)
				: calls.callNew(moduleName, call);
	}

}
