package dev.wasmspring.autoconfigure.aot;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * The hints the starter itself needs in every application: the modules under {@code classpath:wasm/}, and
 * the factory method of the per-module instance beans, which Spring resolves reflectively when a bean is
 * asked for with explicit arguments.
 */
final class WasmRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(WasmModuleResourcesAotProcessor.DEFAULT_PATTERN);
		hints.reflection()
			.registerType(TypeReference.of("dev.wasmspring.autoconfigure.WasmInstanceBeanRegistrar"),
					(type) -> type.withMembers(MemberCategory.INVOKE_PUBLIC_METHODS));
	}

}
