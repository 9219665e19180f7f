package dev.wasmspring.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;

import dev.wasmspring.runtime.CompilationCache;
import dev.wasmspring.runtime.ModuleSource;
import dev.wasmspring.runtime.WasmCallContext;
import dev.wasmspring.runtime.WasmFunctionType;
import dev.wasmspring.runtime.WasmHostFunction;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmModuleDefinition;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.WasmValueType;

/**
 * The ways a host function reaches the guest; one column of the host-call table each. Every binding provides
 * the same functions ({@link HostSink#set} and {@link HostImports#OTHERS}); only the plumbing differs. A new
 * binding that produces {@link WasmHostFunction}s runs through {@link #starter} like
 * {@link #WASM_HOST_FUNCTION}.
 */
enum HostBinding {

	/** A hand-written Chicory {@link HostFunction} per import, on a raw Chicory instance. */
	CHICORY_HOST_FUNCTION("chicory-host-function") {

		@Override
		HostLoop open(HostLoopModule module, HostSink sink) {
			return new ChicoryHostLoop(module, sink);
		}

	},

	/** A hand-written {@link WasmHostFunction} per import (the runtime's SPI), on a starter instance. */
	WASM_HOST_FUNCTION("wasm-host-function") {

		@Override
		HostLoop open(HostLoopModule module, HostSink sink) {
			List<WasmHostFunction> functions = new ArrayList<>();
			functions.add(new SetFunction(sink));
			if (module.importsOthers()) {
				HostImports.OTHERS.forEach((function) -> functions.add(new OtherFunction(function)));
			}
			return starter(module, functions);
		}

	};

	private final String id;

	HostBinding(String id) {
		this.id = id;
	}

	static HostBinding of(String id) {
		return Arrays.stream(values())
			.filter((binding) -> binding.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No host binding '" + id + "'"));
	}

	String id() {
		return this.id;
	}

	/**
	 * Instantiate the module with this binding's host functions.
	 * @param module the module
	 * @param sink where {@code env.set} adds its arguments
	 * @return the instance, to be closed by the caller
	 */
	abstract HostLoop open(HostLoopModule module, HostSink sink);

	/** A starter instance linked against the given host functions, with the default timeout on. */
	static HostLoop starter(HostLoopModule module, List<WasmHostFunction> functions) {
		WasmRuntime runtime = WasmRuntime.builder()
			.withCompilationCache(CompilationCache.create())
			.withDefaultTimeout(RequestCycle.TIMEOUT)
			.withHostFunctions(functions)
			.build();
		runtime.define(WasmModuleDefinition.of(module.id(), ModuleSource.of(module.id() + ".wasm", module.bytes())));
		WasmInstance instance = runtime.newInstance(module.id());
		return new HostLoop() {

			@Override
			public void setMany(long start, int count) {
				instance.callRaw("set_many", start, count);
			}

			@Override
			public long call(String export, long... args) {
				long[] results = instance.callRaw(export, args);
				return (results.length > 0) ? results[0] : 0;
			}

			@Override
			public void close() {
				instance.close();
				runtime.close();
			}

		};
	}

	/** {@code env.set(i64)} written by hand against the runtime's SPI. */
	static final class SetFunction implements WasmHostFunction {

		private final HostSink sink;

		SetFunction(HostSink sink) {
			this.sink = sink;
		}

		@Override
		public String module() {
			return HostImports.MODULE;
		}

		@Override
		public String name() {
			return "set";
		}

		@Override
		public WasmFunctionType type() {
			return HostImports.SET_TYPE;
		}

		@Override
		public long[] invoke(WasmCallContext context, long[] args) {
			this.sink.set(args[0]);
			return null;
		}

	}

	/** One of {@link HostImports#OTHERS} against the runtime's SPI. */
	record OtherFunction(HostImports.Function function) implements WasmHostFunction {

		@Override
		public String module() {
			return HostImports.MODULE;
		}

		@Override
		public String name() {
			return this.function.name();
		}

		@Override
		public WasmFunctionType type() {
			return this.function.type();
		}

		@Override
		public long[] invoke(WasmCallContext context, long[] args) {
			long result = this.function.body().apply(context.memory()::read, args);
			return this.function.type().results().isEmpty() ? null : new long[] { result };
		}

	}

	/** A raw Chicory instance with hand-written host functions, compiled once like the starter does. */
	static final class ChicoryHostLoop implements HostLoop {

		private final Instance instance;

		private final ExportFunction setMany;

		ChicoryHostLoop(HostLoopModule module, HostSink sink) {
			WasmModule parsed = Chicory.parse(module.bytes());
			List<HostFunction> functions = new ArrayList<>();
			functions.add(new HostFunction(HostImports.MODULE, "set", chicoryType(HostImports.SET_TYPE),
					(instance, args) -> {
						sink.set(args[0]);
						return null;
					}));
			if (module.importsOthers()) {
				for (HostImports.Function function : HostImports.OTHERS) {
					boolean returns = !function.type().results().isEmpty();
					functions.add(new HostFunction(HostImports.MODULE, function.name(), chicoryType(function.type()),
							(instance, args) -> {
								long result = function.body().apply(instance.memory()::readBytes, args);
								return returns ? new long[] { result } : null;
							}));
				}
			}
			this.instance = Instance.builder(parsed)
				.withMachineFactory(MachineFactoryCompiler.compile(parsed))
				.withMemoryFactory(ByteArrayMemory::new)
				.withImportValues(ImportValues.builder().addFunction(functions.toArray(new HostFunction[0])).build())
				.build();
			this.setMany = this.instance.export("set_many");
		}

		@Override
		public void setMany(long start, int count) {
			this.setMany.apply(start, count);
		}

		@Override
		public long call(String export, long... args) {
			long[] results = this.instance.export(export).apply(args);
			return (results != null && results.length > 0) ? results[0] : 0;
		}

		@Override
		public void close() {
		}

		private static FunctionType chicoryType(WasmFunctionType type) {
			return FunctionType.of(type.params().stream().map(ChicoryHostLoop::chicoryType).toList(),
					type.results().stream().map(ChicoryHostLoop::chicoryType).toList());
		}

		private static ValType chicoryType(WasmValueType type) {
			return switch (type) {
				case I32 -> ValType.I32;
				case I64 -> ValType.I64;
				case F32 -> ValType.F32;
				case F64 -> ValType.F64;
				default -> throw new IllegalArgumentException("Not used by the benchmarks: " + type);
			};
		}

	}

}
