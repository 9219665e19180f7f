package dev.wasmspring.runtime;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.dylibso.chicory.runtime.Instance;
import org.jspecify.annotations.Nullable;

/**
 * The context of one instance, handed to every host function the instance calls: which module and which
 * instance is calling, the attributes given when the instance was created (for example the HTTP request or
 * the tenant it serves), and the instance's memory.
 * <p>
 * A context belongs to one instance and travels with it; like the instance it is used by one thread at a
 * time. The attributes map is immutable.
 */
public final class WasmCallContext {

	private static final AtomicLong INSTANCE_IDS = new AtomicLong();

	private final String moduleName;

	private final Map<String, Object> attributes;

	private @Nullable Instance instance;

	private @Nullable WasmMemory memory;

	private long instanceId;

	WasmCallContext(String moduleName, Map<String, Object> attributes) {
		this.moduleName = moduleName;
		this.attributes = attributes;
	}

	void attach(Instance instance) {
		this.instance = instance;
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
			Instance instance = this.instance;
			if (instance == null) {
				throw new IllegalStateException("WASM module '" + this.moduleName + "' is not instantiated yet");
			}
			memory = new WasmMemory(this.moduleName, instance);
			this.memory = memory;
		}
		return memory;
	}

	@Override
	public String toString() {
		return "WasmCallContext[module=" + this.moduleName + ", attributes=" + this.attributes.keySet() + "]";
	}

}
