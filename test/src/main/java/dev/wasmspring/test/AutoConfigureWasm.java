package dev.wasmspring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds the WebAssembly runtime to a test slice such as {@code @WebMvcTest}: the configured modules,
 * {@code @WasmPlugin} beans, per-request instances in a web slice, and {@link WasmHostCalls}, which records
 * every host call and stubs the imports the slice's beans do not provide.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureWasm {

}
