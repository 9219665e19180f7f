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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.wasmspring.runtime.TestModules;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmCallException;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.function.WasmCallContext;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmHostFunction;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.value.WasmValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Java methods bound as host functions, called by the real imports.wasm: every parameter
 * and result mapping, injection, per-call targets and the binding errors.
 */
class WasmImportBinderTests {

	private final WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void integerParametersAndResultsRoundTripThroughI32AndI64() {
		try (WasmInstance instance = importsInstance(new ImportsHost(), Map.of())) {
			assertThat(instance.call("call_echo_i32", Integer.MIN_VALUE)).isEqualTo(Integer.MIN_VALUE);
			assertThat(instance.call("call_echo_i32", -1)).isEqualTo(-1);
			assertThat(instance.call("call_echo_i32", 42)).isEqualTo(42);
			assertThat(instance.call("call_echo_i64", Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
			assertThat(instance.call("call_echo_i64", Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
			assertThat(instance.call("call_echo_i64", -5L)).isEqualTo(-5L);
		}
	}

	@Test
	void floatingPointParametersAndResultsKeepTheirBits() {
		try (WasmInstance instance = importsInstance(new ImportsHost(), Map.of())) {
			assertThat(instance.call("call_echo_f32", -1.5f)).isEqualTo(-1.5f);
			assertThat(instance.call("call_echo_f32", Float.MAX_VALUE)).isEqualTo(Float.MAX_VALUE);
			assertThat(Float.floatToRawIntBits((Float) instance.call("call_echo_f32", -0.0f)))
				.isEqualTo(Float.floatToRawIntBits(-0.0f));
			assertThat(instance.call("call_echo_f64", Math.PI)).isEqualTo(Math.PI);
			assertThat(instance.call("call_echo_f64", -Double.MIN_VALUE)).isEqualTo(-Double.MIN_VALUE);
			assertThat(instance.call("call_echo_f64", Double.NEGATIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
		}
	}

	@Test
	void booleanIsAnI32WhereAnyNonZeroValueIsTrue() {
		try (WasmInstance instance = importsInstance(new ImportsHost(), Map.of())) {
			assertThat(instance.call("call_negate", 0)).isEqualTo(1);
			assertThat(instance.call("call_negate", 1)).isEqualTo(0);
			assertThat(instance.call("call_negate", 7)).isEqualTo(0);
			assertThat(instance.call("call_negate", -1)).isEqualTo(0);
		}
	}

	@Test
	void stringParameterIsReadFromGuestMemoryAsUtf8() {
		ImportsHost host = new ImportsHost();
		try (WasmInstance instance = importsInstance(host, Map.of())) {
			assertThat(instance.call("call_text_length")).isEqualTo(11);
		}
		assertThat(host.texts).containsExactly("héllo wörld");
	}

	@Test
	void byteArrayParameterIsReadFromGuestMemory() {
		try (WasmInstance instance = importsInstance(new ImportsHost(), Map.of())) {
			assertThat(instance.call("call_bytes_sum")).isEqualTo(260);
		}
	}

	@Test
	void stringResultIsWrittenThroughTheGuestsAllocatorAndReturnedAsPackedPointerAndLength() {
		try (WasmInstance instance = importsInstance(new ImportsHost(), Map.of())) {
			int name = (Integer) instance.call("alloc", 6);
			instance.memory().write(name, "wörld".getBytes(java.nio.charset.StandardCharsets.UTF_8));
			long packed = (Long) instance.call("call_greet", name, 6);
			int address = (int) (packed >>> 32);
			int length = (int) packed;
			assertThat(address).isGreaterThan(name);
			assertThat(instance.memory().readString(address, length)).isEqualTo("Hello, wörld!");
			assertThat(instance.callText("call_greet", "guest")).isEqualTo("Hello, guest!");
		}
	}

	@Test
	void byteArrayResultIsWrittenThroughTheGuestsAllocator() {
		Object host = new Object() {

			@WasmImport
			public byte[] greet(byte[] name) {
				byte[] reversed = new byte[name.length];
				for (int i = 0; i < name.length; i++) {
					reversed[i] = name[name.length - 1 - i];
				}
				return reversed;
			}

		};
		try (WasmInstance instance = importsInstance(host, Map.of())) {
			assertThat(instance.callBytes("call_greet", new byte[] { 1, 2, 3 })).containsExactly(3, 2, 1);
		}
	}

	@Test
	void nullOrEmptyTextResultIsZeroWithoutReservingMemory() {
		Object host = new Object() {

			@WasmImport
			public String greet(String name) {
				return name.isEmpty() ? null : "";
			}

		};
		try (WasmInstance instance = importsInstance(host, Map.of())) {
			assertThat(instance.call("call_greet", 0, 0)).isEqualTo(0L);
			assertThat(instance.call("call_greet", 256, 5)).isEqualTo(0L);
		}
	}

	@Test
	void voidResultAndInjectedContextReachTheCallingInstancesAttributes() {
		List<Long> values = new ArrayList<>();
		try (WasmInstance instance = importsInstance(new ImportsHost(), Map.of("values", values))) {
			instance.call("call_set", 5L);
			instance.call("set_many", 100L, 3);
			assertThat(instance.call("call_get_i32")).isEqualTo(4);
		}
		assertThat(values).containsExactly(5L, 100L, 101L, 102L);
	}

	@Test
	void contextNamesTheCallingModuleAndInstance() {
		List<WasmCallContext> contexts = new ArrayList<>();
		Object host = new Object() {

			@WasmImport
			public void set(long value, WasmCallContext context) {
				contexts.add(context);
			}

		};
		try (WasmInstance instance = importsInstance(host, Map.of())) {
			instance.call("call_set", 1L);
			assertThat(contexts).singleElement().satisfies((context) -> {
				assertThat(context.moduleName()).isEqualTo("imports");
				assertThat(context.instanceId()).isEqualTo(instance.instanceId());
			});
		}
	}

	@Test
	void injectedMemoryTakesNoWebAssemblyParameter() {
		Object host = new Object() {

			@WasmImport(name = "text_length")
			public int firstByteTimesLength(int address, WasmMemory memory, int length) {
				return memory.read(address, 1)[0] * length;
			}

		};
		try (WasmInstance instance = importsInstance(host, Map.of())) {
			assertThat(instance.call("call_text_length")).isEqualTo('h' * 13);
		}
	}

	@Test
	void registeredTypesAreInjectedFromTheContext() {
		record Tenant(String id) {
		}
		Object host = new Object() {

			@WasmImport(name = "get_i32")
			public int tenantLength(Tenant tenant) {
				return tenant.id().length();
			}

		};
		WasmImportBinder binder = WasmImportBinder.standard()
			.withInjected(Tenant.class, (context) -> new Tenant((String) context.attribute("tenant")));
		try (WasmInstance instance = importsInstance(binder, host, Map.of("tenant", "acme-corp"))) {
			assertThat(instance.call("call_get_i32")).isEqualTo(9);
		}
	}

	@Test
	void staticAndPrivateMethodsAreBound() {
		try (WasmInstance instance = importsInstance(new StaticHost(), Map.of())) {
			assertThat(instance.call("call_echo_i32", 20)).isEqualTo(40);
		}
	}

	@Test
	void perCallTargetIsResolvedOnEveryCall() throws Exception {
		AtomicInteger resolved = new AtomicInteger();
		List<Long> values = new ArrayList<>();
		WasmHostFunction set = WasmImportBinder.standard()
			.bindPerCall(ImportsHost.class.getMethod("set", long.class, WasmCallContext.class),
					ImportsHost.class.getMethod("set", long.class, WasmCallContext.class)
						.getAnnotation(WasmImport.class),
					() -> {
						resolved.incrementAndGet();
						return new ImportsHost();
					}, "ImportsHost#set(long, WasmCallContext)");
		defineImports(List.of(set));
		try (WasmInstance instance = this.runtime.newInstance("imports", Map.of("values", values))) {
			instance.call("set_many", 1L, 3);
		}
		assertThat(resolved).hasValue(3);
		assertThat(values).containsExactly(1L, 2L, 3L);
	}

	@Test
	void boundFunctionDeclaresItsSignatureAndTheAllocatorItNeeds() {
		List<WasmHostFunction> functions = WasmImportBinder.standard().bindAll(new ImportsHost());
		WasmHostFunction greet = functions.stream().filter((f) -> f.name().equals("greet")).findFirst().orElseThrow();
		assertThat(greet.module()).isEqualTo("env");
		assertThat(greet.type())
			.isEqualTo(WasmFunctionType.of(List.of(WasmValueType.I32, WasmValueType.I32), List.of(WasmValueType.I64)));
		assertThat(greet.requiredExports()).containsOnlyKeys("alloc");
		assertThat(greet.description()).isEqualTo("ImportsHost#greet(String)");
		WasmHostFunction set = functions.stream().filter((f) -> f.name().equals("set")).findFirst().orElseThrow();
		assertThat(set.type()).isEqualTo(WasmFunctionType.of(List.of(WasmValueType.I64), List.of()));
		assertThat(set.requiredExports()).isEmpty();
	}

	@Test
	void wasmValuesWriteAndReadTextAndBytesThroughTheGuestsMemory() {
		List<Object> seen = new ArrayList<>();
		Object host = new Object() {

			@WasmImport
			public String greet(String name, WasmCallContext context) {
				long packed = WasmValues.writeText(context, "Hej " + name);
				seen.add(WasmValues.readBytes(context.memory(), WasmValues.address(packed), WasmValues.length(packed)));
				seen.add(WasmValues.writeBytes(context, new byte[0]));
				seen.add(WasmValues.writeText(context, null));
				return WasmValues.readText(context.memory(), WasmValues.address(packed), WasmValues.length(packed));
			}

		};
		defineImports(WasmImportBinder.standard().bindAll(host));
		try (WasmInstance instance = this.runtime.newInstance("imports")) {
			assertThat(instance.callText("call_greet", "gu\u00e9st")).isEqualTo("Hej gu\u00e9st");
		}
		assertThat(seen).containsExactly(WasmValues.utf8("Hej gu\u00e9st"), 0L, 0L);
	}

	@Test
	void hostExceptionEndsTheCallAndTheNextInstanceWorks() {
		this.runtime.replaceHostFunctions(WasmImportBinder.standard().bindAll(new ImportsHost()));
		this.runtime.define(TestModules.definition("imports", "imports.wasm"));
		try (WasmInstance instance = this.runtime.newInstance("imports")) {
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("call_fail"))
				.satisfies((thrown) -> assertThat(thrown.getReason())
					.isEqualTo(WasmCallException.Reason.HOST_FUNCTION_FAILED))
				.satisfies((ex) -> {
					assertThat(ex.getModuleName()).isEqualTo("imports");
					assertThat(ex.getExportName()).isEqualTo("call_fail");
					assertThat(ex.getImportName()).isEqualTo("env.fail");
					assertThat(ex.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("host says no");
				});
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("call_echo_i32", 1))
				.satisfies((thrown) -> assertThat(thrown.getReason())
					.isEqualTo(WasmCallException.Reason.INSTANCE_UNUSABLE));
		}
		try (WasmInstance next = this.runtime.newInstance("imports")) {
			assertThat(next.call("call_echo_i32", 7)).isEqualTo(7);
		}
	}

	@Test
	void textResultTheGuestHasNoMemoryForFailsThatCall() {
		Object host = new Object() {

			@WasmImport
			public String greet(String name) {
				return "x".repeat(100_000);
			}

		};
		defineImports(WasmImportBinder.standard().bindAll(host));
		this.runtime.define(TestModules.definition("imports", "imports.wasm").withMaxMemory(65536L));
		try (WasmInstance instance = this.runtime.newInstance("imports")) {
			assertThatExceptionOfType(WasmCallException.class).isThrownBy(() -> instance.call("call_greet", 256, 5))
				.satisfies((thrown) -> assertThat(thrown.getReason())
					.isEqualTo(WasmCallException.Reason.HOST_FUNCTION_FAILED))
				.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOf(IllegalStateException.class)
					.hasMessage("The allocator alloc of WASM module 'imports' returned 0 for 100000 bytes: the guest "
							+ "is out of memory. Raise the memory limit of module 'imports' (WasmModuleDefinition.withMaxMemory) "
							+ "or hand smaller values to " + "the guest."));
		}
	}

	@Test
	void interpreterEngineCallsBoundMethodsToo() {
		try (WasmRuntime interpreter = WasmRuntime.builder()
			.withEngine(WasmEngine.INTERPRETER)
			.withCompilationCache(CompilationCache.create())
			.withHostFunctions(WasmImportBinder.standard().bindAll(new ImportsHost()))
			.build()) {
			interpreter.define(TestModules.definition("imports", "imports.wasm"));
			try (WasmInstance instance = interpreter.newInstance("imports")) {
				assertThat(instance.call("call_echo_f64", 2.5)).isEqualTo(2.5);
				assertThat(instance.callText("call_greet", "interpreter")).isEqualTo("Hello, interpreter!");
			}
		}
	}

	@Test
	void moduleThatImportsATextResultWithoutExportingAnAllocatorFailsToLink() {
		this.runtime.replaceHostFunctions(WasmImportBinder.standard().bindAll(new ImportsHost()));
		assertThatExceptionOfType(WasmLinkException.class)
			.isThrownBy(() -> this.runtime.define(TestModules.definition("noalloc", "imports-noalloc.wasm")))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo(WasmLinkException.Reason.MISSING_EXPORT);
				assertThat(ex.getImportName()).isEqualTo("env.greet");
				assertThat(ex.getMessage()).isEqualTo("WASM module 'noalloc' imports env.greet(i32, i32) -> i64, "
						+ "and its host function ImportsHost#greet(String) needs the module to export "
						+ "alloc(i32) -> i32, which it does not. Export alloc(i32) -> i32 from the module; see "
						+ "docs/host-functions.md for the memory ABI.");
			});
	}

	@Test
	void unsupportedParameterTypeNamesTheMethodTheParameterAndTheSupportedTypes() {
		Object host = new UnsupportedParameterHost();
		assertThatExceptionOfType(WasmImportBindingException.class)
			.isThrownBy(() -> WasmImportBinder.standard().bindAll(host))
			.satisfies((ex) -> {
				assertThat(ex.getMethod()).isEqualTo("UnsupportedParameterHost#set(long, List)");
				assertThat(ex.getMessage()).startsWith("@WasmImport method UnsupportedParameterHost#set(long, List) "
						+ "cannot be bound: parameter 1 (java.util.List<java.lang.String> names) has no WebAssembly "
						+ "mapping. Supported parameter types: int, long, float, double and boolean")
					.contains("String and byte[]")
					.contains("injected without a WebAssembly parameter: WasmCallContext, WasmMemory.");
			});
	}

	@Test
	void unsupportedResultTypeNamesTheMethodAndTheSupportedTypes() {
		Object host = new Object() {

			@WasmImport
			public Integer get_i32() {
				return 1;
			}

		};
		assertThatExceptionOfType(WasmImportBindingException.class)
			.isThrownBy(() -> WasmImportBinder.standard().bindAll(host))
			.withMessageContaining("#get_i32() returns java.lang.Integer, which has no WebAssembly mapping. "
					+ "Supported result types: void, int, long, float, double, boolean, and String or byte[]");
	}

	@Test
	void registeredInjectableTypesAreListedAmongTheSupportedOnes() {
		WasmImportBinder binder = WasmImportBinder.standard().withInjected(StringBuilder.class, (c) -> null);
		assertThatExceptionOfType(WasmImportBindingException.class)
			.isThrownBy(() -> binder.bindAll(new UnsupportedParameterHost()))
			.withMessageContaining(
					"injected without a WebAssembly parameter: WasmCallContext, WasmMemory, " + "StringBuilder.");
	}

	@Test
	void blankModuleNameIsRejected() {
		Object host = new Object() {

			@WasmImport(module = " ")
			public void set(long value) {
			}

		};
		assertThatExceptionOfType(WasmImportBindingException.class)
			.isThrownBy(() -> WasmImportBinder.standard().bindAll(host))
			.withMessageContaining("has a blank module name");
	}

	private WasmInstance importsInstance(Object host, Map<String, ?> attributes) {
		return importsInstance(WasmImportBinder.standard(), host, attributes);
	}

	private WasmInstance importsInstance(WasmImportBinder binder, Object host, Map<String, ?> attributes) {
		defineImports(binder.bindAll(host));
		return this.runtime.newInstance("imports", attributes);
	}

	private void defineImports(List<WasmHostFunction> underTest) {
		List<WasmHostFunction> functions = new ArrayList<>(underTest);
		List<String> provided = functions.stream().map(WasmHostFunction::name).toList();
		// the stub provides every import the functions under test do not
		WasmImportBinder.standard()
			.bindAll(new StubHost())
			.stream()
			.filter((function) -> !provided.contains(function.name()))
			.forEach(functions::add);
		this.runtime.replaceHostFunctions(functions);
		this.runtime.define(TestModules.definition("imports", "imports.wasm"));
	}

	/** Provides every import of imports.wasm. */
	public static class ImportsHost {

		final List<String> texts = new ArrayList<>();

		@WasmImport
		@SuppressWarnings("unchecked")
		public void set(long value, WasmCallContext context) {
			((List<Long>) context.attribute("values")).add(value);
		}

		@WasmImport
		public int get_i32(WasmCallContext context) {
			return ((List<?>) context.attribute("values")).size();
		}

		@WasmImport
		public int echo_i32(int value) {
			return value;
		}

		@WasmImport
		public long echo_i64(long value) {
			return value;
		}

		@WasmImport
		public float echo_f32(float value) {
			return value;
		}

		@WasmImport
		public double echo_f64(double value) {
			return value;
		}

		@WasmImport
		public boolean negate(boolean value) {
			return !value;
		}

		@WasmImport(module = "env", name = "text_length")
		public int textLength(String text) {
			this.texts.add(text);
			return text.length();
		}

		@WasmImport(name = "bytes_sum")
		public int bytesSum(byte[] bytes) {
			int sum = 0;
			for (byte value : bytes) {
				sum += Byte.toUnsignedInt(value);
			}
			return sum;
		}

		@WasmImport
		public String greet(String name) {
			return "Hello, " + name + "!";
		}

		@WasmImport
		public void fail() {
			throw new IllegalStateException("host says no");
		}

	}

	/** Does nothing for every import of imports.wasm. */
	public static class StubHost {

		@WasmImport
		public void set(long value) {
		}

		@WasmImport
		public int get_i32() {
			return 0;
		}

		@WasmImport
		public int echo_i32(int value) {
			return 0;
		}

		@WasmImport
		public long echo_i64(long value) {
			return 0;
		}

		@WasmImport
		public float echo_f32(float value) {
			return 0;
		}

		@WasmImport
		public double echo_f64(double value) {
			return 0;
		}

		@WasmImport
		public int negate(int value) {
			return 0;
		}

		@WasmImport
		public int text_length(int address, int length) {
			return 0;
		}

		@WasmImport
		public int bytes_sum(int address, int length) {
			return 0;
		}

		@WasmImport
		public long greet(int address, int length) {
			return 0;
		}

		@WasmImport
		public void fail() {
		}

	}

	static class StaticHost {

		@WasmImport
		private static int echo_i32(int value) {
			return value * 2;
		}

	}

	static class UnsupportedParameterHost {

		@WasmImport
		public void set(long value, List<String> names) {
		}

	}

}
