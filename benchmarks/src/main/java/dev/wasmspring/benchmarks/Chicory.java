package dev.wasmspring.benchmarks;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;

/**
 * What the raw Chicory variants share: parsing a module once and knowing whether it is a reactor.
 */
final class Chicory {

	static final String INITIALIZE = "_initialize";

	private Chicory() {
	}

	static WasmModule parse(byte[] bytes) {
		return Parser.parse(bytes);
	}

	/** A reactor's {@code _initialize} must run once on every new instance before any other export. */
	static boolean isReactor(WasmModule module) {
		for (int i = 0; i < module.exportSection().exportCount(); i++) {
			var export = module.exportSection().getExport(i);
			if (export.exportType() == ExternalType.FUNCTION && INITIALIZE.equals(export.name())) {
				return true;
			}
		}
		return false;
	}

}
