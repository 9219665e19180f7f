package dev.wasmspring.runtime;

/**
 * How error messages name the settings a user can change: a message that says "raise the timeout" names the
 * timeout the way the user set it. The runtime's own names speak of its builder and
 * {@link WasmModuleDefinition}; an integration (such as the Spring Boot auto-configuration) supplies the names of
 * its configuration properties instead.
 * <p>
 * Implementations must be stateless and thread-safe: the runtime calls them from any thread, only when it
 * builds a message.
 */
public interface WasmSettingNames {

	/** Names in the runtime's own terms. */
	WasmSettingNames RUNTIME = new WasmSettingNames() {
	};

	/**
	 * Name the setting for a module's call timeout.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String timeout(String moduleName) {
		return "the timeout of module '" + moduleName + "' (WasmModuleDefinition.withTimeout)";
	}

	/**
	 * Name the setting for a module's memory limit.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String maxMemory(String moduleName) {
		return "the memory limit of module '" + moduleName + "' (WasmModuleDefinition.withMaxMemory)";
	}

	/**
	 * Name the setting for the host modules a module may import from.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String allowedImports(String moduleName) {
		return "the allowed imports of module '" + moduleName + "' (WasmModuleDefinition.withAllowedImportModules)";
	}

	/**
	 * Name the setting that gives a module a WASI sandbox.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String wasiEnabled(String moduleName) {
		return "WASI for module '" + moduleName + "' (WasmModuleDefinition.withWasi)";
	}

	/**
	 * Name the setting that defines a module.
	 * @param moduleName the module
	 * @return the setting's name
	 */
	default String location(String moduleName) {
		return "a definition of module '" + moduleName + "' (WasmRuntime.define)";
	}

	/**
	 * Name the setting that chooses the engine.
	 * @return the setting's name
	 */
	default String engine() {
		return "the runtime's engine (WasmRuntime.Builder.withEngine)";
	}

}
