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

package dev.wasmspring.autoconfigure.plugin;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.wasmspring.plugin.WasmExport;
import dev.wasmspring.plugin.WasmPlugin;
import dev.wasmspring.plugin.WasmPluginDefinitionException;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.value.WasmValues;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * One method of a plugin interface, mapped to an export: how its arguments become the
 * export's input and the export's output its result. Immutable and thread-safe; the types
 * are worked out once, when the plugin is made, so a call does no reflection.
 */
final class PluginMethod {

	static final WasmFunctionType MEMORY_EXPORT = WasmFunctionType.of(List.of(WasmValueType.I32, WasmValueType.I32),
			List.of(WasmValueType.I64));

	static final WasmFunctionType EXTISM_EXPORT = WasmFunctionType.of(List.of(), List.of(WasmValueType.I32));

	static final WasmFunctionType EXTISM_VOID_EXPORT = WasmFunctionType.of(List.of(), List.of());

	static final WasmFunctionType ALLOCATOR = WasmFunctionType.of(List.of(WasmValueType.I32),
			List.of(WasmValueType.I32));

	private static final byte[] NO_INPUT = new byte[0];

	private final Class<?> pluginInterface;

	private final Method method;

	private final String moduleName;

	private final String exportName;

	private final WasmPlugin.Instances instances;

	private final Call call;

	private final boolean deferred;

	private PluginMethod(Class<?> pluginInterface, Method method, String moduleName, String exportName,
			WasmPlugin.Instances instances, Call call, boolean deferred) {
		this.pluginInterface = pluginInterface;
		this.method = method;
		this.moduleName = moduleName;
		this.exportName = exportName;
		this.instances = instances;
		this.call = call;
		this.deferred = deferred;
	}

	/**
	 * Map a method of a plugin interface.
	 * @param pluginInterface the interface
	 * @param method the method
	 * @param moduleName the module the interface is bound to
	 * @param instances the instance policy
	 * @param json the JSON codec, or {@code null} without Jackson
	 * @param reactive whether Reactor is present
	 * @return the mapped method
	 * @throws WasmPluginDefinitionException if a type cannot be mapped
	 */
	static PluginMethod map(Class<?> pluginInterface, Method method, String moduleName, WasmPlugin.Instances instances,
			@Nullable PluginJson json, boolean reactive) {
		WasmExport export = AnnotatedElementUtils.findMergedAnnotation(method, WasmExport.class);
		String exportName = (export != null) ? export.value() : method.getName();
		Mapper mapper = new Mapper(pluginInterface, method, moduleName, exportName, json);
		Type resultType = method.getGenericReturnType();
		boolean deferred = false;
		if (reactive && method.getReturnType().getName().equals(ReactivePluginCalls.MONO)) {
			deferred = true;
			resultType = mapper.monoElement(resultType);
		}
		Call call = mapper.allPrimitive(deferred) ? mapper.direct(resultType, deferred) : mapper.memory(resultType);
		return new PluginMethod(pluginInterface, method, moduleName, exportName, instances, call, deferred);
	}

	String exportName() {
		return this.exportName;
	}

	/**
	 * Check the method against its module's exports.
	 * @param exports the module's function exports
	 * @param extism whether the module is an Extism plugin, whose exports take no
	 * arguments and exchange their input and output through Extism's kernel
	 * @throws WasmPluginDefinitionException if the export is missing or has another shape
	 */
	void verify(Map<String, WasmFunctionType> exports, boolean extism) {
		WasmFunctionType actual = exports.get(this.exportName);
		if (actual == null) {
			throw failure("Method " + describe() + " calls export '" + this.exportName + "' of WASM module '"
					+ this.moduleName + "', which the module does not export. Its function exports are "
					+ new TreeSet<>(exports.keySet()) + ". Name the export with @WasmExport(\"...\") on the method, "
					+ "or rename the method.");
		}
		if (extism) {
			verifyExtism(actual);
			return;
		}
		WasmFunctionType expected = this.call.expectedType();
		if (!expected.equals(actual)) {
			throw failure("Method " + describe() + " needs export '" + this.exportName + "' of WASM module '"
					+ this.moduleName + "' to have the signature " + expected + " " + this.call.shape()
					+ ", but the module exports it as " + actual + ". Change the method's parameter and result "
					+ "types to match the export (see the @WasmPlugin Javadoc), or rebuild the module.");
		}
		if (this.call instanceof MemoryCall) {
			WasmFunctionType allocator = exports.get("alloc");
			if (!ALLOCATOR.equals(allocator)) {
				throw failure("Method " + describe() + " passes values to export '" + this.exportName
						+ "' of WASM module '" + this.moduleName + "' through the guest's memory, which needs the "
						+ "module to export an allocator alloc" + ALLOCATOR + ", but it "
						+ ((allocator != null) ? "exports alloc as " + allocator : "exports none")
						+ ". Export an allocator from the plugin (see docs/host-functions.md).");
			}
		}
	}

	private void verifyExtism(WasmFunctionType actual) {
		if (!(this.call instanceof MemoryCall)) {
			throw failure("Method " + describe() + " passes WebAssembly numbers to export '" + this.exportName
					+ "' of Extism plugin '" + this.moduleName
					+ "', but Extism plugins take their input and give their "
					+ "output through Extism's kernel. Declare a String, byte[] or record parameter and result.");
		}
		if (!EXTISM_EXPORT.equals(actual) && !EXTISM_VOID_EXPORT.equals(actual)) {
			throw failure("Method " + describe() + " calls export '" + this.exportName + "' of Extism plugin '"
					+ this.moduleName + "', which the plugin exports as " + actual + "; Extism calls exports "
					+ EXTISM_EXPORT + ". Rebuild the plugin with an Extism PDK, or call another export.");
		}
	}

	/**
	 * Call the export.
	 * @param instances where the call's instance comes from
	 * @param args the method's arguments
	 * @return the method's result
	 */
	@Nullable Object invoke(PluginInstances instances, @Nullable Object[] args) {
		if (this.deferred) {
			return ReactivePluginCalls.defer(instances.reactiveCalls(), this.moduleName, this.instances,
					(instance) -> this.call.invoke(instance, args));
		}
		return callNow(instances, args);
	}

	private @Nullable Object callNow(PluginInstances instances, @Nullable Object[] args) {
		return instances.call(this.moduleName, this.instances, (instance) -> this.call.invoke(instance, args));
	}

	private String describe() {
		return describe(this.pluginInterface, this.method);
	}

	static String describe(Class<?> pluginInterface, Method method) {
		return pluginInterface.getSimpleName() + "." + method.getName()
				+ Arrays.stream(method.getParameterTypes())
					.map(Class::getSimpleName)
					.collect(Collectors.joining(", ", "(", ")"));
	}

	private WasmPluginDefinitionException failure(String message) {
		return new WasmPluginDefinitionException(this.pluginInterface, signature(this.method), this.moduleName,
				this.exportName, message);
	}

	static String signature(Method method) {
		return method.getName() + Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", ", "(", ")"));
	}

	@Override
	public String toString() {
		return describe() + " -> " + this.moduleName + "." + this.exportName;
	}

	/** A call of the export with a method's arguments. */
	private interface Call {

		@Nullable Object invoke(WasmInstance instance, @Nullable Object[] args);

		WasmFunctionType expectedType();

		String shape();

	}

	private static @Nullable WasmValueType valueType(Type type) {
		return (type instanceof Class<?> c) ? WasmValues.typeOf(c) : null;
	}

	/** Primitives in, a primitive or nothing out, as WebAssembly values. */
	private record DirectCall(String exportName, @Nullable Class<?> result, WasmFunctionType expectedType,
			String shape) implements Call {

		@Override
		public @Nullable Object invoke(WasmInstance instance, @Nullable Object[] args) {
			List<WasmValueType> params = this.expectedType.params();
			long[] raw = new long[params.size()];
			for (int i = 0; i < raw.length; i++) {
				raw[i] = WasmValues.toRaw(params.get(i), nonNull(args[i]));
			}
			long[] results = instance.callRaw(this.exportName, raw);
			return (this.result != null) ? WasmValues.fromRaw(this.result, results[0]) : null;
		}

	}

	/**
	 * One value in and one out through the guest's memory, on the convention of
	 * callBytes.
	 */
	private record MemoryCall(String moduleName, String exportName, String method, Encoder input,
			Decoder output) implements Call {

		@Override
		public @Nullable Object invoke(WasmInstance instance, @Nullable Object[] args) {
			byte[] input = this.input.encode(args);
			byte[] output = instance.callBytes(this.exportName, input);
			return this.output.decode(output);
		}

		@Override
		public WasmFunctionType expectedType() {
			return MEMORY_EXPORT;
		}

		@Override
		public String shape() {
			return "(the (pointer, length) of its input, returning (pointer << 32) | length of its output)";
		}

	}

	@FunctionalInterface
	private interface Encoder {

		byte[] encode(@Nullable Object[] args);

	}

	@FunctionalInterface
	private interface Decoder {

		@Nullable Object decode(byte[] output);

	}

	private static Object nonNull(@Nullable Object value) {
		if (value == null) {
			throw new IllegalArgumentException("A plugin method's primitive argument must not be null");
		}
		return value;
	}

	/** Works out the mapping of one method, and says precisely why one cannot be made. */
	private static final class Mapper {

		private final Class<?> pluginInterface;

		private final Method method;

		private final String moduleName;

		private final String exportName;

		private final @Nullable PluginJson json;

		Mapper(Class<?> pluginInterface, Method method, String moduleName, String exportName,
				@Nullable PluginJson json) {
			this.pluginInterface = pluginInterface;
			this.method = method;
			this.moduleName = moduleName;
			this.exportName = exportName;
			this.json = json;
		}

		Type monoElement(Type monoType) {
			if (monoType instanceof ParameterizedType parameterized) {
				return parameterized.getActualTypeArguments()[0];
			}
			throw failure("Method " + describe(this.pluginInterface, this.method)
					+ " returns a raw Mono; say what it emits, for example Mono<String>.");
		}

		boolean allPrimitive(boolean deferred) {
			for (Class<?> parameter : this.method.getParameterTypes()) {
				if (!parameter.isPrimitive()) {
					return false;
				}
			}
			Type result = this.method.getGenericReturnType();
			return deferred || result == void.class || valueType(result) != null;
		}

		Call direct(Type resultType, boolean deferred) {
			Class<?>[] parameterTypes = this.method.getParameterTypes();
			List<WasmValueType> paramTypes = new ArrayList<>();
			for (Class<?> parameterType : parameterTypes) {
				paramTypes.add(valueType(parameterType));
			}
			WasmValueType result = null;
			if (resultType != void.class && resultType != Void.class) {
				result = valueType(resultType);
				if (result == null) {
					if (deferred && this.method.getParameterCount() == 0) {
						return memory(resultType);
					}
					throw failure("Method " + describe(this.pluginInterface, this.method)
							+ " takes WebAssembly values (primitives) but returns " + resultType.getTypeName()
							+ ". Return int, long, float, double, boolean or void, or pass one value through "
							+ "memory (a String, byte[] or record parameter) to return text, bytes or JSON.");
				}
			}
			List<WasmValueType> resultTypes = (result != null) ? List.of(result) : List.of();
			String shape = "("
					+ Arrays.stream(parameterTypes).map(Class::getSimpleName).collect(Collectors.joining(", ")) + " -> "
					+ ((result != null) ? resultType.getTypeName() : "void") + ")";
			return new DirectCall(this.exportName, (result != null) ? (Class<?>) resultType : null,
					WasmFunctionType.of(paramTypes, resultTypes), shape);
		}

		Call memory(Type resultType) {
			Class<?>[] parameterTypes = this.method.getParameterTypes();
			if (parameterTypes.length > 1) {
				throw failure("Method " + describe(this.pluginInterface, this.method) + " passes "
						+ parameterTypes.length + " parameters, but a call through the guest's memory takes one "
						+ "value. Pass one record holding them all (it goes as JSON), or only primitives, which go as "
						+ "WebAssembly values.");
			}
			Encoder input = (parameterTypes.length == 0) ? (args) -> NO_INPUT : encoder(parameterTypes[0]);
			Decoder output = decoder(resultType);
			return new MemoryCall(this.moduleName, this.exportName, describe(this.pluginInterface, this.method), input,
					output);
		}

		private Encoder encoder(Class<?> type) {
			if (type == String.class) {
				return (args) -> WasmValues.utf8((String) nonNullArgument(args[0]));
			}
			if (type == byte[].class) {
				return (args) -> (byte[]) nonNullArgument(args[0]);
			}
			PluginJson json = requireJson(type);
			String description = describe(this.pluginInterface, this.method);
			return (args) -> {
				Object value = nonNullArgument(args[0]);
				try {
					return json.write(value);
				}
				catch (RuntimeException ex) {
					throw new WasmCallException(WasmCallException.Reason.ILLEGAL_ARGUMENT, this.moduleName,
							this.exportName,
							"The argument of " + description + " could not be written as JSON for " + "export '"
									+ this.exportName + "' of WASM module '" + this.moduleName + "': "
									+ ex.getMessage(),
							ex);
				}
			};
		}

		private Object nonNullArgument(@Nullable Object value) {
			if (value == null) {
				throw new WasmCallException(WasmCallException.Reason.ILLEGAL_ARGUMENT, this.moduleName, this.exportName,
						"The argument of " + describe(this.pluginInterface, this.method)
								+ " is null; a plugin method passes a value.",
						null);
			}
			return value;
		}

		private Decoder decoder(Type type) {
			if (type == void.class || type == Void.class) {
				return (output) -> null;
			}
			if (type == String.class) {
				return WasmValues::text;
			}
			if (type == byte[].class) {
				return (output) -> output;
			}
			if (type instanceof Class<?> c && c.isPrimitive()) {
				throw failure("Method " + describe(this.pluginInterface, this.method) + " returns " + c.getSimpleName()
						+ " from a call through the guest's memory, which answers text, bytes or "
						+ "JSON. Return the boxed type (read from JSON), or take only primitives.");
			}
			PluginJson json = requireJson(type);
			String description = describe(this.pluginInterface, this.method);
			return (output) -> {
				try {
					return json.read(output, type);
				}
				catch (RuntimeException ex) {
					// the first bytes only, escaped: an answer may be megabytes, and is
					// the guest's text
					String shown = shown(output);
					throw new WasmCallException(this.moduleName, this.exportName,
							"Export '" + this.exportName + "' of WASM module '" + this.moduleName + "' answered '"
									+ shown + "', which " + description + " cannot read as " + type.getTypeName() + ": "
									+ firstLine(ex) + ". Fix the plugin's answer or the method's result type.",
							ex);
				}
			};
		}

		private static String shown(byte[] output) {
			String text = new String(output, 0, Math.min(output.length, 200), StandardCharsets.UTF_8);
			StringBuilder shown = new StringBuilder(text.length() + 16);
			text.codePoints().forEach((c) -> {
				if (Character.isISOControl(c)) {
					shown.append(String.format("\\u%04x", c));
				}
				else {
					shown.appendCodePoint(c);
				}
			});
			return (output.length > 200) ? shown.append("... (").append(output.length).append(" bytes)").toString()
					: shown.toString();
		}

		private static String firstLine(RuntimeException ex) {
			String message = String.valueOf(ex.getMessage());
			int newline = message.indexOf('\n');
			return (newline >= 0) ? message.substring(0, newline) : message;
		}

		private PluginJson requireJson(Type type) {
			if (this.json == null) {
				throw failure("Method " + describe(this.pluginInterface, this.method) + " passes " + type.getTypeName()
						+ " as JSON, which needs Jackson (tools.jackson.core:jackson-databind) "
						+ "on the classpath. Add it, or use String or byte[].");
			}
			return this.json;
		}

		private WasmPluginDefinitionException failure(String message) {
			return new WasmPluginDefinitionException(this.pluginInterface, signature(this.method), this.moduleName,
					this.exportName, message);
		}

	}

}
