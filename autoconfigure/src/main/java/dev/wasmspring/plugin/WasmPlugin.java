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

/**
 * Marks an interface whose methods call the exports of a WebAssembly module. Each
 * abstract method calls the export of the same name, or the one its
 * {@link WasmExport @WasmExport} names. Parameters and results map as follows:
 * <ul>
 * <li>{@code int}, {@code long}, {@code float}, {@code double} and {@code boolean}
 * parameters with a primitive or {@code void} result call the export with WebAssembly
 * values directly ({@code i32}, {@code i64}, {@code f32}, {@code f64}, and {@code i32}
 * for {@code boolean});</li>
 * <li>otherwise the method passes at most one value through the guest's memory, on the
 * export convention of {@code WasmInstance.callBytes}: a {@code String} as UTF-8, a
 * {@code byte[]} as is, and any other object as JSON written with the application's
 * Jackson {@code JsonMapper}. The result is read the same way: a {@code String}, a
 * {@code byte[]}, an object read from JSON, or nothing for {@code void};</li>
 * <li>a {@code reactor.core.publisher.Mono<T>} result, when Reactor is present, makes the
 * call when the {@code Mono} is subscribed to, on Reactor's bounded-elastic scheduler,
 * and emits the {@code T} read as above.</li>
 * </ul>
 * A method whose export is missing or has another signature, or whose types cannot be
 * mapped, fails the application's startup with a message naming the interface, the method
 * and the export.
 * <p>
 * The beans made from such interfaces are thread-safe: each call takes the instance
 * {@link #instances()} says.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WasmPlugin {

	/**
	 * The name of the module, as configured under {@code wasm.modules}.
	 * @return the module name
	 */
	String value();

	/**
	 * Which instance of the module a call uses.
	 * @return the instance policy
	 */
	Instances instances() default Instances.REQUEST;

	/**
	 * Which instance of the module a call of a plugin interface runs in.
	 */
	enum Instances {

		/**
		 * During an HTTP request, the request's own instance (shared with every other use
		 * of the module in that request, so state the guest keeps carries over between
		 * calls); elsewhere a new instance per call, closed when the call returns.
		 */
		REQUEST,

		/**
		 * A new instance per call, closed when the call returns, even during an HTTP
		 * request.
		 */
		CALL

	}

}
