package dev.wasmspring.runtime;

/**
 * A function a module imports. Immutable.
 *
 * @param module the import's module name, for example {@code env}
 * @param name the import's name
 * @param type the signature the guest expects
 */
public record WasmImportDescriptor(String module, String name, WasmFunctionType type) {

	/**
	 * Return {@code module.name}.
	 * @return the qualified name
	 */
	public String qualifiedName() {
		return this.module + "." + this.name;
	}

	@Override
	public String toString() {
		return qualifiedName() + type();
	}

}
