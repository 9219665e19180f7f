package dev.wasmspring.autoconfigure;

import java.util.Map;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;

/**
 * Creates instances of one configured module. One bean per module in {@code wasm.modules}, qualified with the
 * module's name; it is also the factory behind that module's prototype {@link WasmInstance} bean, so
 * {@code @Qualifier("greeter") ObjectProvider<WasmInstance>} hands out a new instance per
 * {@code getObject()} (or per {@code getObject(attributes)}). Thread-safe; each instance it returns belongs to
 * the caller, who closes it.
 */
public final class WasmModuleInstances {

	private final String moduleName;

	private final WasmRuntime runtime;

	WasmModuleInstances(String moduleName, WasmRuntime runtime) {
		this.moduleName = moduleName;
		this.runtime = runtime;
	}

	/**
	 * Return the module's name.
	 * @return the name
	 */
	public String moduleName() {
		return this.moduleName;
	}

	/**
	 * Create an instance without attributes.
	 * @return a new instance, to be closed by the caller
	 */
	public WasmInstance newInstance() {
		return newInstance(Map.of());
	}

	/**
	 * Create an instance whose host functions see the given attributes.
	 * @param attributes the attributes
	 * @return a new instance, to be closed by the caller
	 */
	public WasmInstance newInstance(Map<String, ?> attributes) {
		return this.runtime.newInstance(this.moduleName, attributes);
	}

}
