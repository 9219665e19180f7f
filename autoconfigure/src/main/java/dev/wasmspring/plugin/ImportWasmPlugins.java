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

package dev.wasmspring.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Registers {@link WasmPlugin @WasmPlugin} interfaces as beans, on a
 * {@code @Configuration} class: the types listed, and those found in the packages named.
 * Without it, the auto-configuration registers the {@code @WasmPlugin} interfaces found
 * in the application's packages (those of its {@code @SpringBootApplication} class); with
 * it, only the interfaces it names or finds.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(ImportWasmPluginsSelector.class)
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
