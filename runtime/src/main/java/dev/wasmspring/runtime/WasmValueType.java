package dev.wasmspring.runtime;

/**
 * A WebAssembly value type as seen in function signatures.
 */
public enum WasmValueType {

	/** 32-bit integer. */
	I32,

	/** 64-bit integer. */
	I64,

	/** 32-bit IEEE float. */
	F32,

	/** 64-bit IEEE float. */
	F64,

	/** 128-bit vector. */
	V128,

	/** Function reference. */
	FUNCREF,

	/** External reference. */
	EXTERNREF,

	/** Any other reference type. */
	OTHER;

	@Override
	public String toString() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
