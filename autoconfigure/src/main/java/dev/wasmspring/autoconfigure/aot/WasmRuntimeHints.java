package dev.wasmspring.autoconfigure.aot;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * The hints the starter itself needs in every application: the module-instance factory method that a
 * {@code getObject(attributes)} call resolves reflectively, and the modules under {@code classpath:wasm/}.
 */
final class WasmRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(WasmModuleResourcesAotProcessor.DEFAULT_PATTERN);
		hints.reflection()
			.registerType(TypeReference.of("dev.wasmspring.autoconfigure.WasmModuleInstances"),
					(type) -> type.withMembers(MemberCategory.INVOKE_PUBLIC_METHODS));
	}

}
