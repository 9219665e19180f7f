package dev.wasmspring.autoconfigure.plugin.geometry;

import dev.wasmspring.plugin.WasmExport;
import dev.wasmspring.plugin.WasmPlugin;

/**
 * A package-private plugin interface with default methods, as docs/plugins.md shows one.
 */
@WasmPlugin("plugin")
interface Geometry {

	@WasmExport("scale")
	double product(double a, double b);

	default double areaOfSquare(double side) {
		return product(side, side);
	}

	default double areaOfFrame(double outer, double inner) {
		return areaOfSquare(outer) - areaOfSquare(inner);
	}

}
