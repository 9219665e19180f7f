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

package dev.wasmspring.runtime.internal.call;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.module.LoadedModule;
import dev.wasmspring.runtime.internal.wasi.ScratchDirectory;
import dev.wasmspring.runtime.internal.wasi.WasiSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one instance holds beyond its heap objects: its WASI session, its place in the
 * runtime's count of live instances, and objects its host functions keep for the
 * instance's life. Released once, by {@link dev.wasmspring.runtime.WasmInstance#close()}
 * or, for an instance dropped without closing, by a cleaner once the instance is
 * unreachable; so it must never refer to the instance or its context.
 */
final class InstanceResources implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger("dev.wasmspring.runtime.WasmInstance");

	private final LoadedModule module;

	private final @Nullable WasiSession wasi;

	private final @Nullable ScratchDirectory scratch;

	private @Nullable Map<Object, Object> values;

	private @Nullable List<Runnable> closeActions;

	private boolean released;

	private final MemoryBudget.Account account;

	InstanceResources(LoadedModule module, @Nullable WasiSession wasi, @Nullable ScratchDirectory scratch,
			MemoryBudget.Account account) {
		this.module = module;
		this.account = account;
		this.wasi = wasi;
		this.scratch = scratch;
	}

	synchronized <T> T value(Object key, Supplier<T> create, Consumer<? super T> release) {
		if (this.released) {
			throw new IllegalStateException("The instance is closed");
		}
		Map<Object, Object> values = this.values;
		if (values == null) {
			values = new HashMap<>();
			this.values = values;
		}
		@SuppressWarnings("unchecked")
		T value = (T) values.get(key);
		if (value == null) {
			value = Objects.requireNonNull(create.get(), "created object");
			values.put(key, value);
			if (this.closeActions == null) {
				this.closeActions = new ArrayList<>();
			}
			T created = value;
			this.closeActions.add(() -> release.accept(created));
		}
		return value;
	}

	@Override
	public void run() {
		List<Runnable> actions;
		synchronized (this) {
			this.released = true;
			actions = this.closeActions;
			this.closeActions = null;
			this.values = null;
		}
		try {
			try {
				if (this.wasi != null) {
					this.wasi.close();
				}
			}
			finally {
				if (this.scratch != null) {
					this.scratch.close();
				}
			}
			if (actions != null) {
				for (Runnable action : actions) {
					try {
						action.run();
					}
					catch (RuntimeException ex) {
						// closing never throws: the other actions still run
						logger.warn("Releasing an object kept for a WASM instance failed", ex);
					}
				}
			}
		}
		finally {
			this.account.close();
			this.module.runtime.instanceEnded(this.module);
		}
	}

}
