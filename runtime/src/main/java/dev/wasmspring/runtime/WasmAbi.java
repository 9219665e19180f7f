package dev.wasmspring.runtime;

/**
 * How the host and a module exchange text and bytes, and so how {@link WasmInstance#callText} and
 * {@link WasmInstance#callBytes} reach the module.
 */
public enum WasmAbi {

	/**
	 * Decided by the module's imports: a module that imports from Extism's kernel ({@code extism:host/env}) is an
	 * Extism plugin, any other uses the standard ABI.
	 */
	AUTO,

	/**
	 * The starter's own ABI: {@code (ptr, len)} arguments, results packed {@code (ptr << 32) | len}, memory
	 * reserved through the guest's {@code alloc}.
	 */
	STANDARD,

	/**
	 * Extism's: exports {@code () -> i32} that read their input and set their output through the Extism kernel
	 * functions, which the runtime provides (see {@link ExtismConfig}).
	 */
	EXTISM

}
