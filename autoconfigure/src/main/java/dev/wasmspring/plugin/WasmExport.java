package dev.wasmspring.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the export a method of a {@link WasmPlugin @WasmPlugin} interface calls, when it differs from the
 * method's name (for example {@code @WasmExport("compute_price") long computePrice(long cents)}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WasmExport {

	/**
	 * The name of the export.
	 * @return the export name
	 */
	String value();

}
