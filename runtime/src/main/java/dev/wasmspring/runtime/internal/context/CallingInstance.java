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

package dev.wasmspring.runtime.internal.context;

import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.internal.memory.LinearMemory;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link WasmCallContext} asks of the instance it belongs to. The context sees the
 * instance through this alone, so the host-call machinery, which hands contexts to host
 * functions, never leads back to the instance machinery that calls it.
 */
public interface CallingInstance {

	/**
	 * Reserve guest memory through the module's allocator.
	 * @param size how many bytes
	 * @return the address, 0 if the allocator found no memory
	 */
	int allocate(int size);

	/**
	 * Return the instance's first memory.
	 * @return the memory, or {@code null} if the module has none or it is not built yet
	 */
	@Nullable LinearMemory linearMemory();

	/**
	 * Return an object kept for the instance's life.
	 * @param <T> the object's type
	 * @param key the key
	 * @param create creates the object on first use
	 * @param release releases it when the instance closes
	 * @return the object
	 */
	<T> T value(Object key, Supplier<T> create, Consumer<? super T> release);

}
