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

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.value.WasmValues;

/**
 * Binds Java methods as host functions. Each parameter and the result is mapped to
 * WebAssembly values once, when the method is bound, and the call is compiled to a method
 * handle: a call from the guest runs no reflection and no lookup.
 * <p>
 * Parameters: {@code int}, {@code long}, {@code float}, {@code double} and
 * {@code boolean} take one {@code i32}, {@code i64}, {@code f32}, {@code f64} and
 * {@code i32} (non-zero is {@code true}); {@code String} (UTF-8) and {@code byte[]} take
 * two {@code i32}s, an address in the guest's memory and a length.
 * {@link WasmCallContext}, {@link WasmMemory} and the types added with
 * {@link #withInjected} are injected and take no WebAssembly parameter.
 * <p>
 * Results: {@code void}, the primitives above, and {@code String} or {@code byte[]},
 * which are written into memory reserved through the guest's allocator
 * {@code alloc(i32) -> i32} and returned as one {@code i64} {@code (ptr << 32) | len}
 * ({@code 0} for {@code null} or empty). A module that imports such a function must
 * export {@code alloc}, which is checked when the module is linked.
 * <p>
 * Methods of an Extism import module (one whose name starts with {@code extism:host/},
 * usually {@code extism:host/user}) follow Extism's convention instead: a {@code String}
 * or {@code byte[]} parameter or result is one {@code i64}, the handle of an Extism
 * memory block ({@code 0} for a {@code null} result). Only Extism plugins can link them.
 * <p>
 * A binder is immutable and safe to share between threads, and so are the host functions
 * it returns: their per-call state comes from the calling instance's
 * {@link WasmCallContext}.
 */
public final class WasmImportBinder {

	private static final WasmImportBinder STANDARD = new WasmImportBinder(Map.of());

	private static final Map<String, WasmFunctionType> ALLOCATOR = Map.of(WasmCallContext.ALLOCATOR,
			WasmFunctionType.of(List.of(WasmValueType.I32), List.of(WasmValueType.I32)));

	private static final MethodType CALL = MethodType.methodType(long[].class, WasmCallContext.class, long[].class);

	private static final MethodHandle I32 = HostValues.find("i32", int.class, long[].class, int.class);

	private static final MethodHandle I64 = HostValues.find("i64", long.class, long[].class, int.class);

	private static final MethodHandle F32 = HostValues.find("f32", float.class, long[].class, int.class);

	private static final MethodHandle F64 = HostValues.find("f64", double.class, long[].class, int.class);

	private static final MethodHandle BOOL = HostValues.find("bool", boolean.class, long[].class, int.class);

	private static final MethodHandle STRING = HostValues.find("string", String.class, WasmCallContext.class,
			long[].class, int.class);

	private static final MethodHandle BYTES = HostValues.find("bytes", byte[].class, WasmCallContext.class,
			long[].class, int.class);

	private static final MethodHandle EXTISM_STRING = HostValues.find("extismString", String.class,
			WasmCallContext.class, long[].class, int.class);

	private static final MethodHandle EXTISM_BYTES = HostValues.find("extismBytes", byte[].class, WasmCallContext.class,
			long[].class, int.class);

	private static final MethodHandle OF_EXTISM_STRING = HostValues.find("ofExtismString", long[].class,
			WasmCallContext.class, String.class);

	private static final MethodHandle OF_EXTISM_BYTES = HostValues.find("ofExtismBytes", long[].class,
			WasmCallContext.class, byte[].class);

	private static final String EXTISM_MODULE_PREFIX = "extism:host/";

	private static final MethodHandle MEMORY = HostValues.find("memory", WasmMemory.class, WasmCallContext.class);

	private static final MethodHandle NONE = HostValues.find("none", long[].class);

	private static final MethodHandle OF_I32 = HostValues.find("ofI32", long[].class, int.class);

	private static final MethodHandle OF_I64 = HostValues.find("ofI64", long[].class, long.class);

	private static final MethodHandle OF_F32 = HostValues.find("ofF32", long[].class, float.class);

	private static final MethodHandle OF_F64 = HostValues.find("ofF64", long[].class, double.class);

	private static final MethodHandle OF_BOOL = HostValues.find("ofBool", long[].class, boolean.class);

	private static final MethodHandle OF_STRING = HostValues.find("ofString", long[].class, WasmCallContext.class,
			String.class);

	private static final MethodHandle OF_BYTES = HostValues.find("ofBytes", long[].class, WasmCallContext.class,
			byte[].class);

	private static final MethodHandle SUPPLIER_GET;

	private static final MethodHandle FUNCTION_APPLY;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			SUPPLIER_GET = lookup.findVirtual(Supplier.class, "get", MethodType.methodType(Object.class));
			FUNCTION_APPLY = lookup.findVirtual(Function.class, "apply",
					MethodType.methodType(Object.class, Object.class));
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final String SUPPORTED_PARAMETERS = "int, long, float, double and boolean (as i32, i64, f32, "
			+ "f64 and i32), String and byte[] (read from guest memory, passed as an i32 address and an i32 "
			+ "length)";

	private static final String SUPPORTED_RESULTS = "void, int, long, float, double, boolean, and String or "
			+ "byte[] (written through the guest's alloc(i32) -> i32 and returned as an i64 (ptr << 32) | len)";

	private final Map<Class<?>, Function<WasmCallContext, ?>> injected;

	private WasmImportBinder(Map<Class<?>, Function<WasmCallContext, ?>> injected) {
		this.injected = injected;
	}

	/**
	 * Return a binder with the standard mapping: the primitives, {@code String},
	 * {@code byte[]}, and the injected {@link WasmCallContext} and {@link WasmMemory}.
	 * @return the binder
	 */
	public static WasmImportBinder standard() {
		return STANDARD;
	}

	/**
	 * Return a binder that also injects parameters of the given type, resolved from the
	 * calling instance's context on every call. The resolver runs on the calling thread
	 * and must be thread-safe.
	 * @param <T> the type
	 * @param type the parameter type
	 * @param resolver resolves the value from the context
	 * @return a new binder
	 */
	public <T> WasmImportBinder withInjected(Class<T> type, Function<? super WasmCallContext, ? extends T> resolver) {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(resolver, "resolver");
		if (type.isPrimitive() || isMapped(type)) {
			throw new IllegalArgumentException(
					type.getName() + " is mapped to WebAssembly values and cannot be " + "injected");
		}
		Map<Class<?>, Function<WasmCallContext, ?>> injected = new LinkedHashMap<>(this.injected);
		injected.put(type, resolver::apply);
		return new WasmImportBinder(Map.copyOf(injected));
	}

	/**
	 * Bind every {@link WasmImport @WasmImport} method declared by the target's class or
	 * its superclasses, called on the target.
	 * @param target the object whose methods to bind
	 * @return the host functions
	 * @throws WasmImportBindingException if a method cannot be bound
	 */
	public List<WasmHostFunction> bindAll(Object target) {
		List<WasmHostFunction> functions = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (Class<?> type = target.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			for (Method method : type.getDeclaredMethods()) {
				WasmImport imported = method.getAnnotation(WasmImport.class);
				if (imported != null && !method.isBridge() && !method.isSynthetic()
						&& seen.add(method.getName() + Arrays.toString(method.getParameterTypes()))) {
					functions.add(bind(method, imported, target, describe(target.getClass(), method)));
				}
			}
		}
		return functions;
	}

	/**
	 * Bind a method called on one target for every call.
	 * @param method the method to call; it may be declared by an interface or superclass
	 * of the target
	 * @param imported the import it provides
	 * @param target the object to call it on (ignored for a static method)
	 * @param description the method as it should appear in messages, see
	 * {@link #describe}
	 * @return the host function
	 * @throws WasmImportBindingException if the method cannot be bound
	 */
	public WasmHostFunction bind(Method method, WasmImport imported, Object target, String description) {
		MethodHandle call = unreflect(method, description);
		if (!Modifier.isStatic(method.getModifiers())) {
			if (!method.getDeclaringClass().isInstance(target)) {
				throw new IllegalArgumentException("Cannot call " + description + " on " + target.getClass());
			}
			call = call.bindTo(target);
		}
		return bind(method, imported, call, description);
	}

	/**
	 * Bind a method whose target is resolved again for every call, for example a bean of
	 * a scope other than singleton.
	 * @param method the method to call
	 * @param imported the import it provides
	 * @param target supplies the object to call the method on; called on the calling
	 * thread
	 * @param description the method as it should appear in messages, see
	 * {@link #describe}
	 * @return the host function
	 * @throws WasmImportBindingException if the method cannot be bound
	 */
	public WasmHostFunction bindPerCall(Method method, WasmImport imported, Supplier<?> target, String description) {
		MethodHandle call = unreflect(method, description);
		if (!Modifier.isStatic(method.getModifiers())) {
			MethodHandle resolve = SUPPLIER_GET.bindTo(target)
				.asType(MethodType.methodType(method.getDeclaringClass()));
			call = MethodHandles.collectArguments(call, 0, resolve);
		}
		return bind(method, imported, call, description, false);
	}

	/**
	 * Bind a method whose target is resolved from the calling instance's context on every
	 * call, for example one object per instance kept with
	 * {@link WasmCallContext#instanceObject}.
	 * @param method the method to call
	 * @param imported the import it provides
	 * @param target resolves the object to call the method on from the calling instance's
	 * context; called on the calling thread
	 * @param description the method as it should appear in messages, see
	 * {@link #describe}
	 * @return the host function
	 * @throws WasmImportBindingException if the method cannot be bound
	 */
	public WasmHostFunction bindPerInstance(Method method, WasmImport imported, Function<WasmCallContext, ?> target,
			String description) {
		MethodHandle call = unreflect(method, description);
		if (Modifier.isStatic(method.getModifiers())) {
			return bind(method, imported, call, description, false);
		}
		MethodHandle resolve = FUNCTION_APPLY.bindTo(target)
			.asType(MethodType.methodType(method.getDeclaringClass(), WasmCallContext.class));
		return bind(method, imported, MethodHandles.filterArguments(call, 0, resolve), description, true);
	}

	/**
	 * Describe a method for messages, as {@code SimpleTypeName#name(ParameterTypes)}.
	 * @param type the type the method belongs to (for a proxied bean, its target class)
	 * @param method the method
	 * @return the description
	 */
	public static String describe(Class<?> type, Method method) {
		String typeName = type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
		return typeName + "#" + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getSimpleName)
					.collect(Collectors.joining(", ", "(", ")"));
	}

	private WasmHostFunction bind(Method method, WasmImport imported, MethodHandle call, String description) {
		return bind(method, imported, call, description, false);
	}

	/**
	 * Bind a handle taking the method's parameters, preceded by the calling context when
	 * {@code contextFirst} (which then resolves the target).
	 */
	private WasmHostFunction bind(Method method, WasmImport imported, MethodHandle call, String description,
			boolean contextFirst) {
		String module = imported.module();
		String name = imported.name().isEmpty() ? method.getName() : imported.name();
		if (module.isBlank()) {
			throw new WasmImportBindingException(description,
					"@WasmImport method " + description
							+ " has a blank module name. Set @WasmImport(module = ...) to the import module the guest "
							+ "uses, or leave it out for \"env\".",
					null);
		}
		boolean extism = module.startsWith(EXTISM_MODULE_PREFIX);
		Parameter[] parameters = method.getParameters();
		List<WasmValueType> params = new ArrayList<>();
		MethodHandle[] readers = new MethodHandle[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			readers[i] = reader(parameters[i], i, params, description, extism);
		}
		// each parameter becomes (context, args) ...; then every pair is folded onto the
		// one (context, args)
		int first = contextFirst ? 1 : 0;
		for (int i = parameters.length - 1; i >= 0; i--) {
			call = MethodHandles.collectArguments(call, first + i, readers[i]);
		}
		Class<?> returnType = method.getReturnType();
		MethodType read = MethodType.methodType(returnType, WasmCallContext.class, long[].class);
		if (parameters.length == 0) {
			call = contextFirst ? MethodHandles.dropArguments(call, 1, long[].class)
					: MethodHandles.dropArguments(call, 0, WasmCallContext.class, long[].class);
		}
		else {
			int[] pairs = new int[first + parameters.length * 2];
			for (int i = first; i < pairs.length; i++) {
				pairs[i] = (i - first) % 2;
			}
			call = MethodHandles.permuteArguments(call, read, pairs);
		}
		List<WasmValueType> results = new ArrayList<>();
		call = writeResult(call, method, results, description, extism);
		Map<String, WasmFunctionType> requiredExports = (!extism
				&& (returnType == String.class || returnType == byte[].class)) ? ALLOCATOR : Map.of();
		return new HostMethodFunction(module, name, WasmFunctionType.of(params, results), description, requiredExports,
				call.asType(CALL));
	}

	private MethodHandle reader(Parameter parameter, int position, List<WasmValueType> params, String description,
			boolean extism) {
		Class<?> type = parameter.getType();
		int index = params.size();
		MethodHandle value;
		List<WasmValueType> wasm = WasmValues.parameterTypes(type, extism);
		if (wasm != null) {
			params.addAll(wasm);
			if (type == String.class || type == byte[].class) {
				MethodHandle read = extism ? ((type == String.class) ? EXTISM_STRING : EXTISM_BYTES)
						: ((type == String.class) ? STRING : BYTES);
				return MethodHandles.insertArguments(read, 2, index);
			}
			MethodHandle get = (type == int.class) ? I32
					: (type == long.class) ? I64 : (type == float.class) ? F32 : (type == double.class) ? F64 : BOOL;
			return MethodHandles.dropArguments(MethodHandles.insertArguments(get, 1, index), 0, WasmCallContext.class);
		}
		if (type == WasmCallContext.class) {
			value = MethodHandles.identity(WasmCallContext.class);
		}
		else if (type == WasmMemory.class) {
			value = MEMORY;
		}
		else {
			Function<WasmCallContext, ?> resolver = this.injected.get(type);
			if (resolver == null) {
				throw unsupportedParameter(parameter, position, description);
			}
			value = FUNCTION_APPLY.bindTo(resolver).asType(MethodType.methodType(type, WasmCallContext.class));
		}
		return MethodHandles.dropArguments(value, 1, long[].class);
	}

	private static MethodHandle writeResult(MethodHandle call, Method method, List<WasmValueType> results,
			String description, boolean extism) {
		Class<?> type = method.getReturnType();
		List<WasmValueType> wasm = WasmValues.resultTypes(type);
		if (wasm == null) {
			throw new WasmImportBindingException(description,
					"@WasmImport method " + description + " returns " + method.getGenericReturnType().getTypeName()
							+ ", which has no WebAssembly mapping. Supported " + "result types: " + SUPPORTED_RESULTS
							+ ".",
					null);
		}
		results.addAll(wasm);
		if (type == void.class) {
			return MethodHandles.filterReturnValue(call, NONE);
		}
		if (type == String.class || type == byte[].class) {
			// (context, value) -> long[], with value computed by the call from (context,
			// args)
			MethodHandle writer = extism ? ((type == String.class) ? OF_EXTISM_STRING : OF_EXTISM_BYTES)
					: ((type == String.class) ? OF_STRING : OF_BYTES);
			MethodHandle write = MethodHandles.collectArguments(writer, 1, call);
			return MethodHandles.permuteArguments(write, CALL, 0, 0, 1);
		}
		MethodHandle write = (type == int.class) ? OF_I32 : (type == long.class) ? OF_I64
				: (type == float.class) ? OF_F32 : (type == double.class) ? OF_F64 : OF_BOOL;
		return MethodHandles.filterReturnValue(call, write);
	}

	private WasmImportBindingException unsupportedParameter(Parameter parameter, int position, String description) {
		String injectable = "WasmCallContext, WasmMemory" + this.injected.keySet()
			.stream()
			.map((type) -> ", " + type.getSimpleName())
			.collect(Collectors.joining());
		return new WasmImportBindingException(description,
				"@WasmImport method " + description + " cannot be bound: " + "parameter " + position + " ("
						+ parameter.getParameterizedType().getTypeName() + " " + parameter.getName()
						+ ") has no WebAssembly mapping. Supported parameter types: " + SUPPORTED_PARAMETERS
						+ "; injected without a WebAssembly parameter: " + injectable
						+ ". Read other values from the WasmCallContext's attributes or from other beans.",
				null);
	}

	private static boolean isMapped(Class<?> type) {
		return type == String.class || type == byte[].class || type == WasmCallContext.class
				|| type == WasmMemory.class;
	}

	private static MethodHandle unreflect(Method method, String description) {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		try {
			return lookup.unreflect(method);
		}
		catch (IllegalAccessException ex) {
			// a public method of a non-public class is the usual case, and is allowed
			// once made accessible
			if (method.trySetAccessible()) {
				try {
					return lookup.unreflect(method);
				}
				catch (IllegalAccessException retry) {
					ex.addSuppressed(retry);
				}
			}
			throw new WasmImportBindingException(description,
					"@WasmImport method " + description + " is not accessible: " + ex.getMessage()
							+ ". Make the method and its class public, or open "
							+ "its package to the module of wasm-spring-boot.",
					ex);
		}
	}

}
