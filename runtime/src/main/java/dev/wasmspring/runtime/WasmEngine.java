package dev.wasmspring.runtime;

/**
 * How guest code is executed.
 */
public enum WasmEngine {

	/** Translate each module to JVM bytecode once, when it is loaded. Fast calls; the default. */
	COMPILER,

	/** Interpret the module's instructions. No compile step; much slower calls. */
	INTERPRETER

}
