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
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmPluginException;
import dev.wasmspring.runtime.exception.WasmSettingNames;
import dev.wasmspring.runtime.extism.ExtismHostFunctionException;
import dev.wasmspring.runtime.internal.context.CallingInstance;
import dev.wasmspring.runtime.internal.extism.ExtismKernel;
import dev.wasmspring.runtime.internal.memory.LinearMemory;
import org.jspecify.annotations.Nullable;

/**
 * The context of one instance, handed to every host function the instance calls: which
 * module and which instance is calling, the attributes given when the instance was
 * created (for example the HTTP request or the tenant it serves), and the instance's
 * memory.
 * <p>
 * A context belongs to one instance and travels with it; like the instance it is used by
 * one thread at a time, except {@link #instanceObject}, which is thread-safe. The
 * attributes map is immutable.
 */
public final class WasmCallContext {

	/**
	 * Name of the export through which the host reserves guest memory:
	 * {@code alloc(i32 size) -> i32}.
	 */
	public static final String ALLOCATOR = "alloc";

	private static final AtomicLong INSTANCE_IDS = new AtomicLong();

	private final String moduleName;

	private final Map<String, Object> attributes;

	// null only for a context detached from any instance
	private final @Nullable CallingInstance instance;

	private boolean attached;

	private @Nullable WasmMemory memory;

	private WasmSettingNames settingNames = WasmSettingNames.RUNTIME;

	private long instanceId;

	private @Nullable ExtismKernel extism;

	WasmCallContext(String moduleName, Map<String, Object> attributes) {
		this(moduleName, attributes, null);
	}

	WasmCallContext(String moduleName, Map<String, Object> attributes, @Nullable CallingInstance instance) {
		this.moduleName = moduleName;
		this.attributes = attributes;
		this.instance = instance;
	}

	/** Marks the engine's instance as built, so its memory can be read. */
	void attach(WasmSettingNames settingNames) {
		this.attached = true;
		this.settingNames = settingNames;
	}

	void attachExtism(ExtismKernel extism) {
		this.extism = extism;
	}

	/** Forgets the instance and its memory, which are being released. */
	void detach() {
		this.attached = false;
		this.memory = null;
	}

	/**
	 * Return the name of the calling module.
	 * @return the module name
	 */
	public String moduleName() {
		return this.moduleName;
	}

	/**
	 * Return an identifier of the calling instance, unique within this JVM.
	 * @return the instance id
	 */
	public long instanceId() {
		if (this.instanceId == 0) {
			// assigned lazily: most calls never ask, and a shared counter costs on the
			// per-request path
			this.instanceId = INSTANCE_IDS.incrementAndGet();
		}
		return this.instanceId;
	}

	/**
	 * Return the attributes given when the instance was created.
	 * @return the attributes, immutable
	 */
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	/**
	 * Return one attribute.
	 * @param name the attribute name
	 * @return the value, or {@code null}
	 */
	public @Nullable Object attribute(String name) {
		return this.attributes.get(name);
	}

	/**
	 * Return one attribute of an expected type.
	 * @param <T> the type
	 * @param name the attribute name
	 * @param type the expected type
	 * @return the value, or {@code null} if absent
	 * @throws ClassCastException if the value has another type
	 */
	public <T> @Nullable T attribute(String name, Class<T> type) {
		return type.cast(this.attributes.get(name));
	}

	/**
	 * Return the memory of the calling instance (its first memory).
	 * @return the memory
	 * @throws IllegalStateException if the module has no memory
	 */
	public WasmMemory memory() {
		WasmMemory memory = this.memory;
		if (memory == null) {
			CallingInstance instance = this.instance;
			if (instance == null || !this.attached) {
				throw new IllegalStateException("WASM module '" + this.moduleName + "' is not instantiated yet");
			}
			LinearMemory linear = instance.linearMemory();
			if (linear == null) {
				throw new IllegalStateException("WASM module '" + this.moduleName + "' has no memory to read or write");
			}
			memory = new WasmMemory(this.moduleName, linear);
			this.memory = memory;
		}
		return memory;
	}

	/**
	 * Reserve memory in the calling instance through the allocator its module exports,
	 * {@code alloc(i32 size) -> i32}, for example to hand text or bytes back to the
	 * guest. The guest owns the memory afterwards. The allocator runs like a call: on the
	 * instance's thread only (from another thread while a call runs it fails with
	 * {@link WasmCallException}, INSTANCE_UNUSABLE), within the running call's deadline,
	 * and a trap in it discards the instance.
	 * @param size how many bytes
	 * @return the address of the reserved memory
	 * @throws IllegalStateException if the module exports no allocator or the allocator
	 * returns 0
	 */
	public int allocate(int size) {
		CallingInstance instance = this.instance;
		if (instance == null) {
			throw notInstantiated();
		}
		int address = instance.allocate(size);
		if (address == 0) {
			throw new IllegalStateException(
					"The allocator " + ALLOCATOR + " of WASM module '" + this.moduleName + "' returned 0 for "
							+ Integer.toUnsignedString(size) + " bytes: the guest is out of memory. Raise "
							+ this.settingNames.maxMemory(this.moduleName) + " or hand smaller values to the guest.");
		}
		return address;
	}

	/**
	 * Read the Extism memory block a handle names: how an Extism plugin passes text and
	 * bytes to a host function ({@code @WasmImport} methods with {@code String} or
	 * {@code byte[]} parameters in an {@code extism:host/...} module do this for you).
	 * @param handle the handle the plugin passed
	 * @return a copy of the block's bytes
	 * @throws IllegalStateException if the calling module is not an Extism plugin
	 * @throws WasmCallException if the handle names no block
	 */
	public byte[] readExtismBlock(long handle) {
		return extism().read(handle);
	}

	/**
	 * Store bytes in a new Extism memory block, to hand them to an Extism plugin as a
	 * handle.
	 * @param bytes the bytes
	 * @return the handle, for the plugin to read with Extism's {@code length} and
	 * {@code load} functions
	 * @throws IllegalStateException if the calling module is not an Extism plugin
	 */
	public long storeExtismBlock(byte[] bytes) {
		return extism().store(bytes);
	}

	/**
	 * Set the Extism plugin's error for the running call, as a host function of Extism's
	 * SDKs does with {@code set_error}: the plugin goes on (and may read it with
	 * {@code error_get}), and once it returns the call fails with a
	 * {@link WasmPluginException} carrying this message; the instance stays usable. If
	 * the host function then throws, the call fails with this message too. To end the
	 * plugin's call at once, throw {@link ExtismHostFunctionException} instead.
	 * @param message the error message
	 * @throws IllegalStateException if the calling module is not an Extism plugin
	 */
	public void setExtismError(String message) {
		extism().setError(java.util.Objects.requireNonNull(message, "message"));
	}

	/**
	 * Return whether the calling module is an Extism plugin, which passes text and bytes
	 * to host functions as memory handles ({@link #readExtismBlock}) rather than as
	 * {@code (pointer, length)} ranges of its memory.
	 * @return whether it is an Extism plugin
	 */
	public boolean isExtismPlugin() {
		return this.extism != null;
	}

	private ExtismKernel extism() {
		ExtismKernel extism = this.extism;
		if (extism == null) {
			throw new IllegalStateException("WASM module '" + this.moduleName + "' is not an Extism plugin, so it "
					+ "has no Extism memory blocks. Pass text and bytes with the standard ABI, (ptr, len).");
		}
		return extism;
	}

	/**
	 * Return the object kept for this instance under a key, creating it on first use, for
	 * example the prototype bean a host function calls. The object lives as long as the
	 * instance: {@code release} runs once when the instance is closed, or when it is
	 * found unreachable without having been closed.
	 * @param <T> the type of the object
	 * @param key the key, compared with {@code equals}
	 * @param create creates the object; called at most once per instance and key
	 * @param release releases the object; must not throw, and must not refer to the
	 * instance
	 * @return the object
	 * @throws IllegalStateException if the instance is already closed
	 */
	public <T> T instanceObject(Object key, Supplier<T> create, Consumer<? super T> release) {
		Objects.requireNonNull(key, "key");
		CallingInstance instance = this.instance;
		if (instance == null) {
			throw notInstantiated();
		}
		return instance.value(key, create, release);
	}

	private IllegalStateException notInstantiated() {
		return new IllegalStateException("WASM module '" + this.moduleName + "' is not instantiated yet");
	}

	@Override
	public String toString() {
		return "WasmCallContext[module=" + this.moduleName + ", attributes=" + this.attributes.keySet() + "]";
	}

}
