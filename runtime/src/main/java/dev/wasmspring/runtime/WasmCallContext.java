package dev.wasmspring.runtime;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.wasmspring.runtime.internal.extism.ExtismKernel;
import dev.wasmspring.runtime.internal.instance.GuestInstance;
import dev.wasmspring.runtime.internal.memory.LinearMemory;

/**
 * The context of one instance, handed to every host function the instance calls: which module and which
 * instance is calling, the attributes given when the instance was created (for example the HTTP request or
 * the tenant it serves), and the instance's memory.
 * <p>
 * A context belongs to one instance and travels with it; like the instance it is used by one thread at a
 * time. The attributes map is immutable.
 */
public final class WasmCallContext {

	/** Name of the export through which the host reserves guest memory: {@code alloc(i32 size) -> i32}. */
	public static final String ALLOCATOR = "alloc";

	private static final AtomicLong INSTANCE_IDS = new AtomicLong();

	private final String moduleName;

	private final Map<String, Object> attributes;

	private @Nullable GuestInstance instance;

	private @Nullable WasmMemory memory;

	private WasmSettingNames settingNames = WasmSettingNames.RUNTIME;

	private long instanceId;

	private @Nullable ExtismKernel extism;

	WasmCallContext(String moduleName, Map<String, Object> attributes) {
		this.moduleName = moduleName;
		this.attributes = attributes;
	}

	void attach(GuestInstance instance, WasmSettingNames settingNames) {
		this.instance = instance;
		this.settingNames = settingNames;
	}

	void attachExtism(ExtismKernel extism) {
		this.extism = extism;
	}

	/** Forgets the instance and its memory, which are being released. */
	void detach() {
		this.instance = null;
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
			// assigned lazily: most calls never ask, and a shared counter costs on the per-request path
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
			GuestInstance instance = this.instance;
			if (instance == null) {
				throw new IllegalStateException("WASM module '" + this.moduleName + "' is not instantiated yet");
			}
			LinearMemory linear = instance.memory();
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
	 * {@code alloc(i32 size) -> i32}, for example to hand text or bytes back to the guest. The guest owns the
	 * memory afterwards.
	 * @param size how many bytes
	 * @return the address of the reserved memory
	 * @throws IllegalStateException if the module exports no allocator or the allocator returns 0
	 */
	public int allocate(int size) {
		GuestInstance instance = this.instance;
		if (instance == null) {
			throw new IllegalStateException("WASM module '" + this.moduleName + "' is not instantiated yet");
		}
		int address;
		try {
			address = instance.allocate(ALLOCATOR, size);
		}
		catch (NoSuchElementException ex) {
			throw new IllegalStateException("WASM module '" + this.moduleName + "' does not export " + ALLOCATOR
					+ "(i32) -> i32, through which the host hands text and bytes to the guest. "
					+ "Export an allocator from the module (see docs/host-functions.md).");
		}
		if (address == 0) {
			throw new IllegalStateException("The allocator " + ALLOCATOR + " of WASM module '" + this.moduleName
					+ "' returned 0 for " + size + " bytes: the guest is out of memory. Raise "
					+ this.settingNames.maxMemory(this.moduleName) + " or hand smaller values to the guest.");
		}
		return address;
	}

	/**
	 * Read the Extism memory block a handle names: how an Extism plugin passes text and bytes to a host
	 * function ({@code @WasmImport} methods with {@code String} or {@code byte[]} parameters in an
	 * {@code extism:host/...} module do this for you).
	 * @param handle the handle the plugin passed
	 * @return a copy of the block's bytes
	 * @throws IllegalStateException if the calling module is not an Extism plugin
	 * @throws WasmCallException if the handle names no block
	 */
	public byte[] readExtismBlock(long handle) {
		return extism().read(handle);
	}

	/**
	 * Store bytes in a new Extism memory block, to hand them to an Extism plugin as a handle.
	 * @param bytes the bytes
	 * @return the handle, for the plugin to read with Extism's {@code length} and {@code load} functions
	 * @throws IllegalStateException if the calling module is not an Extism plugin
	 */
	public long storeExtismBlock(byte[] bytes) {
		return extism().store(bytes);
	}

	private ExtismKernel extism() {
		ExtismKernel extism = this.extism;
		if (extism == null) {
			throw new IllegalStateException("WASM module '" + this.moduleName + "' is not an Extism plugin, so it "
					+ "has no Extism memory blocks. Pass text and bytes with the standard ABI, (ptr, len).");
		}
		return extism;
	}

	@Override
	public String toString() {
		return "WasmCallContext[module=" + this.moduleName + ", attributes=" + this.attributes.keySet() + "]";
	}

}
