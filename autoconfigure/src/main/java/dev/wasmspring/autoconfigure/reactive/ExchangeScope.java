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

package dev.wasmspring.autoconfigure.reactive;

import java.util.HashMap;
import java.util.Map;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;

/**
 * The instances of one WebFlux exchange, one per module, created on first use and closed
 * when the exchange ends. Travels in the Reactor Context of the exchange's chain.
 * Thread-safe: calls of one exchange may run on different threads, one after another;
 * closing from another thread ends a running call.
 */
final class ExchangeScope {

	private final Map<String, Object> attributes;

	private final Map<String, WasmInstance> instances = new HashMap<>();

	private boolean closed;

	ExchangeScope(Map<String, Object> attributes) {
		this.attributes = Map.copyOf(attributes);
	}

	synchronized WasmInstance instance(WasmRuntime runtime, String moduleName) {
		if (this.closed) {
			throw new IllegalStateException("The exchange that WASM module '" + moduleName + "' was called for has "
					+ "ended, so it has no instance any more.");
		}
		WasmInstance instance = this.instances.get(moduleName);
		if (instance == null || !instance.isOpen()) {
			instance = runtime.newInstance(moduleName, this.attributes);
			this.instances.put(moduleName, instance);
		}
		return instance;
	}

	void close() {
		Map<String, WasmInstance> instances;
		synchronized (this) {
			this.closed = true;
			instances = Map.copyOf(this.instances);
			this.instances.clear();
		}
		instances.values().forEach(WasmInstance::close);
	}

}
