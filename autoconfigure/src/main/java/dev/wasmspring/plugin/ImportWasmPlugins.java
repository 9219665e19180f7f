package dev.wasmspring.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

import dev.wasmspring.autoconfigure.plugin.ImportedWasmPluginsRegistrar;

/**
 * Registers {@link WasmPlugin @WasmPlugin} interfaces as beans, on a {@code @Configuration} class: the types
 * listed, and those found in the packages named. Without it, the auto-configuration registers the
 * {@code @WasmPlugin} interfaces found in the application's packages (those of its
 * {@code @SpringBootApplication} class); with it, only the interfaces it names or finds.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(ImportedWasmPluginsRegistrar.class)
public @interface ImportWasmPlugins {

	/**
	 * The plugin interfaces to register.
	 * @return the interfaces
	 */
	Class<?>[] types() default {};

	/**
	 * Packages to scan for {@code @WasmPlugin} interfaces.
	 * @return the packages
	 */
	String[] basePackages() default {};

	/**
	 * Classes whose packages are scanned for {@code @WasmPlugin} interfaces.
	 * @return the classes
	 */
	Class<?>[] basePackageClasses() default {};

}
