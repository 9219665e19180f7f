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

package dev.wasmspring.host;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as a host function that WebAssembly modules can import.
 * The method is found once every singleton exists, whatever the bean's scope and whether
 * or not it is proxied, and is called on the thread that called into the guest, so the
 * caller's thread-bound state (transaction, security context, request) is there. A
 * singleton is called through its proxy, so its advice applies; a bean of any other scope
 * is looked up on every call, so a request-scoped bean is the calling request's.
 * <p>
 * Parameters map to WebAssembly values: {@code int}, {@code long}, {@code float},
 * {@code double} to {@code i32}, {@code i64}, {@code f32}, {@code f64}; {@code boolean}
 * to {@code i32}; {@code String} (UTF-8) and {@code byte[]} to a
 * {@code (i32 ptr, i32 len)} pair read from guest memory. Parameters of type
 * {@link dev.wasmspring.runtime.function.WasmCallContext} and
 * {@link dev.wasmspring.runtime.function.WasmMemory} (and, in a servlet application,
 * {@code HttpServletRequest}) are injected and consume no WebAssembly parameter.
 * <p>
 * Results: {@code void}, the primitives above, and {@code String} or {@code byte[]},
 * which are written into memory reserved through the guest's exported
 * {@code alloc(i32) -> i32} and returned as one {@code i64} {@code (ptr << 32) | len}.
 * Per-call state comes through the {@code WasmCallContext}: the module and instance
 * calling, and the attributes the instance was created with.
 *
 * @see WasmImportBinder
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WasmImport {

	/**
	 * The import module name the guest uses.
	 * @return the module name
	 */
	String module() default "env";

	/**
	 * The import name the guest uses; defaults to the method's name.
	 * @return the import name
	 */
	String name() default "";

}
