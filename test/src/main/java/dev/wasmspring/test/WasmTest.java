/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wasmspring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test of an application's plugins that starts only the WebAssembly runtime: the
 * modules configured under {@code wasm.modules}, the {@code @WasmPlugin} interfaces of
 * the application's packages, the {@code @WasmImport} beans the test names in
 * {@link #hostFunctions()}, and {@link WasmHostCalls}, which stubs every import those
 * beans do not provide and records every call. Other components and auto-configurations
 * are left out, as in {@code @JsonTest}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(WasmTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(WasmTypeExcludeFilter.class)
@AutoConfigureWasm
@ImportAutoConfiguration
public @interface WasmTest {

	/**
	 * Properties in {@code key=value} form to add to the environment before the test
	 * runs.
	 * @return the properties
	 */
	String[] properties() default {};

	/**
	 * The beans with {@code @WasmImport} methods to start; the imports they do not
	 * provide are stubbed.
	 * @return the host function beans
	 */
	Class<?>[] hostFunctions() default {};

	/**
	 * Whether the {@link #hostFunctions()} are found by component scanning; when
	 * {@code false}, only the {@link #includeFilters()} apply.
	 * @return whether to use the default filters
	 */
	boolean useDefaultFilters() default true;

	/**
	 * More components to add to the slice.
	 * @return the include filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Components to leave out of the slice.
	 * @return the exclude filters
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configurations to leave out of the slice.
	 * @return the auto-configurations
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
