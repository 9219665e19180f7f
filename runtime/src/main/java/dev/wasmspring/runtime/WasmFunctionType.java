package dev.wasmspring.runtime;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The signature of a WebAssembly function: parameter and result types. Immutable and safe to share.
 *
 * @param params the parameter types
 * @param results the result types
 */
public record WasmFunctionType(List<WasmValueType> params, List<WasmValueType> results) {

	public WasmFunctionType {
		params = List.copyOf(params);
		results = List.copyOf(results);
	}

	/**
	 * Create a signature.
	 * @param params the parameter types
	 * @param results the result types
	 * @return the signature
	 */
	public static WasmFunctionType of(List<WasmValueType> params, List<WasmValueType> results) {
		return new WasmFunctionType(params, results);
	}

	@Override
	public String toString() {
		return "(" + join(this.params) + ") -> " + ((this.results.size() == 1) ? this.results.get(0).toString()
				: "(" + join(this.results) + ")");
	}

	private static String join(List<WasmValueType> types) {
		return types.stream().map(WasmValueType::toString).collect(Collectors.joining(", "));
	}

}
