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

package dev.wasmspring.runtime.internal.compile;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmspring.runtime.function.WasmFunctionType;
import dev.wasmspring.runtime.function.WasmImportDescriptor;
import dev.wasmspring.runtime.function.WasmValueType;
import dev.wasmspring.runtime.internal.fuel.FuelInstrumenter;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.memory.CopyOnWriteMemory;
import dev.wasmspring.runtime.internal.memory.MemoryImage;
import dev.wasmspring.runtime.internal.memory.PageImage;
import dev.wasmspring.runtime.internal.memory.PristineMemory;
import dev.wasmspring.runtime.internal.trace.GuestSymbols;
import dev.wasmspring.runtime.internal.trace.TracingInterpreterMachine;
import dev.wasmspring.runtime.module.WasmEngine;
import org.jspecify.annotations.Nullable;

/**
 * A parsed and compiled module with everything derived from it that instantiation needs:
 * immutable, shared by every runtime, handle and instance that uses the same bytes on the
 * same engine.
 */
public final class CompiledArtifact {

	/** An exported function, resolved once. */
	public record ExportedFunction(String name, int ordinal, int functionIndex, WasmFunctionType type, int paramCount) {
	}

	private final String digest;

	private final WasmEngine engine;

	private final WasmModule module;

	private final Function<Instance, Machine> machineFactory;

	private final Map<String, ExportedFunction> exports;

	private final List<WasmImportDescriptor> functionImports;

	private final List<String> otherImports;

	private final int minPages;

	private final int maxPages;

	private final boolean hasMemory;

	private final @Nullable Map<Table, long[]> declaredTables;

	private final @Nullable MemoryImage image;

	private final long instanceOverhead;

	private final @Nullable PageImage pages;

	private final int @Nullable [] fuelGlobals;

	private final GuestSymbols symbols;

	// what the instance layer works out once per module and shares between instances
	private volatile @Nullable Object instanceParts;

	public CompiledArtifact(String digest, WasmEngine engine, WasmModule module,
			Function<Instance, Machine> machineFactory) {
		this(digest, engine, module, machineFactory, GuestSymbols.NONE);
	}

	public CompiledArtifact(String digest, WasmEngine engine, WasmModule module,
			Function<Instance, Machine> machineFactory, GuestSymbols symbols) {
		this.symbols = symbols;
		this.digest = digest;
		this.engine = engine;
		this.module = module;
		this.machineFactory = direct(machineFactory);
		this.exports = resolveExports(module);
		List<WasmImportDescriptor> functionImports = new ArrayList<>();
		List<String> otherImports = new ArrayList<>();
		for (int i = 0; i < module.importSection().importCount(); i++) {
			Import imported = module.importSection().getImport(i);
			if (imported.importType() == ExternalType.FUNCTION) {
				FunctionType type = module.typeSection().getType(((FunctionImport) imported).typeIndex());
				functionImports.add(new WasmImportDescriptor(imported.module(), imported.name(), toWasmType(type)));
			}
			else {
				otherImports.add(imported.module() + "." + imported.name() + " ("
						+ imported.importType().name().toLowerCase(java.util.Locale.ROOT) + ")");
			}
		}
		this.functionImports = List.copyOf(functionImports);
		this.otherImports = List.copyOf(otherImports);
		var memory = module.memorySection().filter((section) -> section.memoryCount() > 0);
		this.declaredTables = declaredTables(module);
		this.hasMemory = memory.isPresent();
		this.minPages = memory.map((section) -> section.getMemory(0).limits().initialPages()).orElse(0);
		MemoryImage image = MemoryImage.of(module);
		this.pages = (image != null) ? PageImage.of(image, this.minPages) : null;
		this.image = image;
		this.instanceOverhead = instanceOverhead(module);
		this.fuelGlobals = fuelGlobals(module);
		this.maxPages = memory.map((section) -> section.getMemory(0).limits().maximumPages())
			.orElse(com.dylibso.chicory.runtime.Memory.RUNTIME_MAX_PAGES);
	}

	/**
	 * What an instance's globals cost on the heap, each: the global object, its value and
	 * its slot.
	 */
	static final int GLOBAL_BYTES = 64;

	/**
	 * What a table element costs on the heap: its reference and the instance it belongs
	 * to.
	 */
	public static final int TABLE_ELEMENT_BYTES = 16;

	/**
	 * What an instance's functions cost on the heap, each, in the engine's per-instance
	 * arrays.
	 */
	static final int FUNCTION_BYTES = 16;

	/**
	 * What an instance costs on the heap before its memory and tables: its objects,
	 * globals and functions.
	 */
	private static long instanceOverhead(WasmModule module) {
		long globals = module.globalSection().globalCount();
		long functions = (long) module.functionSection().functionCount() + module.importSection().importCount();
		return 4096 + globals * GLOBAL_BYTES + functions * FUNCTION_BYTES;
	}

	/**
	 * Return what the instance layer shares between the instances of this module, worked
	 * out on first use and kept for as long as the artifact.
	 * @param <T> the type of the parts
	 * @param type the type of the parts
	 * @param create works the parts out; may return {@code null} for none
	 * @return the parts, or {@code null} if there are none
	 */
	public <T> @Nullable T instanceParts(Class<T> type, Function<CompiledArtifact, @Nullable T> create) {
		Object parts = this.instanceParts;
		if (parts == null) {
			T created = create.apply(this);
			parts = (created != null) ? created : NO_PARTS;
			this.instanceParts = parts;
		}
		return (parts != NO_PARTS) ? type.cast(parts) : null;
	}

	private static final Object NO_PARTS = new Object();

	/**
	 * Return the heap an instance holds before its memory and tables (its engine objects,
	 * globals and function slots), which is reserved from the runtime's memory budget
	 * before the instance is built.
	 * @return the bytes
	 */
	public long instanceOverhead() {
		return this.instanceOverhead;
	}

	/**
	 * The engine's table grows by growing the limits object of the parsed module's table,
	 * which every instance of the module shares: the next instance would start with the
	 * grown size, and concurrent instances would race on it. Each instance therefore gets
	 * tables over fresh limits taken from the module's declared ones, recorded here
	 * before any instance exists.
	 */
	private static @Nullable Map<Table, long[]> declaredTables(WasmModule module) {
		int count = module.tableSection().tableCount();
		if (count == 0) {
			return null;
		}
		Map<Table, long[]> declared = new IdentityHashMap<>();
		for (int i = 0; i < count; i++) {
			Table table = module.tableSection().getTable(i);
			declared.put(table, new long[] { table.limits().min(), table.limits().max() });
		}
		return declared;
	}

	/**
	 * Return how many elements the module's tables declare to start with, together.
	 * @return the elements
	 */
	public long declaredTableElements() {
		long elements = 0;
		if (this.declaredTables != null) {
			for (long[] limits : this.declaredTables.values()) {
				elements += limits[0];
			}
		}
		return elements;
	}

	/**
	 * Return a factory of one instance's tables, each over fresh limits, which together
	 * may hold at most the given number of elements: {@code table.grow} beyond it fails
	 * as the guest sees a full table, with -1.
	 * @param maxElements the instance's limit, at least {@link #declaredTableElements()}
	 * @return the factory, for one instance; {@code null} if the module has no tables
	 */
	public @Nullable TableFactory tableFactory(long maxElements, MemoryBudget.Account account) {
		Map<Table, long[]> declared = this.declaredTables;
		if (declared == null) {
			return null;
		}
		long[] budget = { maxElements - declaredTableElements() };
		return (table, initialValue) -> {
			long[] limits = declared.get(table);
			Table fresh = (limits != null) ? new Table(table.elementType(),
					new TableLimits(limits[0], limits[1], table.limits().shared()), table.initialize()) : table;
			account.reserve(fresh.limits().min() * TABLE_ELEMENT_BYTES);
			return new BoundedTable(fresh, initialValue, budget, account);
		};
	}

	/**
	 * A table that grows only while its instance's tables stay within their element
	 * budget.
	 */
	private static final class BoundedTable extends TableInstance {

		// shared by the tables of one instance, confined to its thread
		private final long[] budget;

		private final MemoryBudget.Account account;

		BoundedTable(Table table, int initialValue, long[] budget, MemoryBudget.Account account) {
			super(table, initialValue);
			this.budget = budget;
			this.account = account;
		}

		@Override
		public int grow(int size, int value, Instance instance) {
			if (size > 0 && size > this.budget[0]) {
				return -1;
			}
			long bytes = (size > 0) ? (long) size * TABLE_ELEMENT_BYTES : 0;
			if (!this.account.tryReserve(bytes)) {
				// the runtime's budget is used up: the guest sees a full table
				return -1;
			}
			int previous = super.grow(size, value, instance);
			if (previous >= 0 && size > 0) {
				this.budget[0] -= size;
			}
			else {
				this.account.release(bytes);
			}
			return previous;
		}

	}

	/**
	 * The compiler hands out the compiled machine's constructor wrapped in a reflective
	 * interface proxy, which costs every instance an argument array and a reflective
	 * dispatch; calling the constructor's method handle directly creates the same machine
	 * without them. Any other factory is returned as it is.
	 */
	public static Function<Instance, Machine> direct(Function<Instance, Machine> factory) {
		if (!(factory instanceof com.dylibso.chicory.runtime.CompiledModule compiled)
				|| !MethodHandleProxies.isWrapperInstance(compiled.machineFactory())) {
			return factory;
		}
		MethodHandle constructor = MethodHandleProxies.wrapperInstanceTarget(compiled.machineFactory())
			.asType(MethodType.methodType(Machine.class, Instance.class));
		return (instance) -> {
			try {
				return (Machine) constructor.invokeExact(instance);
			}
			catch (RuntimeException | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new UndeclaredThrowableException(ex);
			}
		};
	}

	public static CompiledArtifact interpreted(String digest, WasmModule module) {
		return interpreted(digest, module, GuestSymbols.NONE);
	}

	public static CompiledArtifact interpreted(String digest, WasmModule module, GuestSymbols symbols) {
		return new CompiledArtifact(digest, WasmEngine.INTERPRETER, module, TracingInterpreterMachine::new, symbols);
	}

	private static Map<String, ExportedFunction> resolveExports(WasmModule module) {
		Map<String, ExportedFunction> exports = new LinkedHashMap<>();
		int importedFunctions = module.importSection().count(ExternalType.FUNCTION);
		int ordinal = 0;
		for (int i = 0; i < module.exportSection().exportCount(); i++) {
			Export export = module.exportSection().getExport(i);
			if (export.exportType() != ExternalType.FUNCTION) {
				continue;
			}
			int index = (int) export.index();
			FunctionType type = functionType(module, index, importedFunctions);
			if (type == null) {
				continue;
			}
			exports.put(export.name(),
					new ExportedFunction(export.name(), ordinal++, index, toWasmType(type), type.params().size()));
		}
		return Collections.unmodifiableMap(new HashMap<>(exports));
	}

	private static FunctionType functionType(WasmModule module, int index, int importedFunctions) {
		if (index < importedFunctions) {
			int seen = 0;
			for (int i = 0; i < module.importSection().importCount(); i++) {
				Import imported = module.importSection().getImport(i);
				if (imported.importType() == ExternalType.FUNCTION) {
					if (seen++ == index) {
						return module.typeSection().getType(((FunctionImport) imported).typeIndex());
					}
				}
			}
			return null;
		}
		int local = index - importedFunctions;
		if (local >= module.functionSection().functionCount()) {
			return null;
		}
		return module.typeSection().getType(module.functionSection().getFunctionType(local));
	}

	public static WasmFunctionType toWasmType(FunctionType type) {
		return new WasmFunctionType(type.params().stream().map(CompiledArtifact::toWasmType).toList(),
				type.returns().stream().map(CompiledArtifact::toWasmType).toList());
	}

	public static WasmValueType toWasmType(ValType type) {
		if (type.equals(ValType.I32)) {
			return WasmValueType.I32;
		}
		if (type.equals(ValType.I64)) {
			return WasmValueType.I64;
		}
		if (type.equals(ValType.F32)) {
			return WasmValueType.F32;
		}
		if (type.equals(ValType.F64)) {
			return WasmValueType.F64;
		}
		if (type.equals(ValType.V128)) {
			return WasmValueType.V128;
		}
		if (type.equals(ValType.FuncRef)) {
			return WasmValueType.FUNCREF;
		}
		if (type.equals(ValType.ExternRef)) {
			return WasmValueType.EXTERNREF;
		}
		return WasmValueType.OTHER;
	}

	public static FunctionType toChicoryType(WasmFunctionType type) {
		return FunctionType.of(type.params().stream().map(CompiledArtifact::toChicoryType).toList(),
				type.results().stream().map(CompiledArtifact::toChicoryType).toList());
	}

	public static ValType toChicoryType(WasmValueType type) {
		return switch (type) {
			case I32 -> ValType.I32;
			case I64 -> ValType.I64;
			case F32 -> ValType.F32;
			case F64 -> ValType.F64;
			case V128 -> ValType.V128;
			case FUNCREF -> ValType.FuncRef;
			case EXTERNREF -> ValType.ExternRef;
			case OTHER -> throw new IllegalArgumentException("No engine type for " + type);
		};
	}

	/**
	 * Return a factory of one instance's memory. Memories start from the module's pages
	 * shared copy-on-write where the module's data segments could be worked out at load;
	 * a shared memory, or a module whose segments only the engine can place, gets a
	 * memory that is filled when the instance is created.
	 * @param account the instance's account, which pays for what the memory allocates
	 * @return the factory
	 */
	public Function<MemoryLimits, Memory> memoryFactory(MemoryBudget.Account account) {
		MemoryImage image = this.image;
		PageImage pages = this.pages;
		if (pages == null) {
			return (limits) -> new PristineMemory(limits, image, account);
		}
		return (limits) -> limits.shared() ? new PristineMemory(limits, image, account)
				: new CopyOnWriteMemory(limits, pages, account);
	}

	/**
	 * Return the module's initial memory as pages shared copy-on-write.
	 * @return the pages, or {@code null} if instances fill their memory at creation
	 */
	public @Nullable PageImage pages() {
		return this.pages;
	}

	public String digest() {
		return this.digest;
	}

	/**
	 * Return the name the frames of this module's compiled code carry as their class
	 * loader's name.
	 * @return the name
	 */
	public String codeName() {
		return ModuleClasses.codeName(this.digest);
	}

	/**
	 * Return the module's function names and line table, for stack traces.
	 * @return the symbols
	 */
	public GuestSymbols symbols() {
		return this.symbols;
	}

	public WasmEngine engine() {
		return this.engine;
	}

	public WasmModule module() {
		return this.module;
	}

	public Function<Instance, Machine> machineFactory() {
		return this.machineFactory;
	}

	public ExportedFunction export(String name) {
		return this.exports.get(name);
	}

	public Map<String, ExportedFunction> exports() {
		return this.exports;
	}

	public List<WasmImportDescriptor> functionImports() {
		return this.functionImports;
	}

	public List<String> otherImports() {
		return this.otherImports;
	}

	/**
	 * Return the globals through which the module meters its fuel, if it was rewritten
	 * to: the fuel left and the flag set when it ran out.
	 * @return the two globals' indices, or {@code null} if the module does not meter
	 * itself
	 */
	public int @Nullable [] fuelGlobals() {
		return (this.fuelGlobals != null) ? this.fuelGlobals.clone() : null;
	}

	private static int @Nullable [] fuelGlobals(WasmModule module) {
		CustomSection marker = module.customSection(FuelInstrumenter.SECTION_NAME);
		return (marker instanceof UnknownCustomSection section) ? FuelInstrumenter.globals(section.bytes()) : null;
	}

	public boolean hasStartFunction() {
		return this.module.startSection().isPresent();
	}

	public boolean hasMemory() {
		return this.hasMemory;
	}

	public int minPages() {
		return this.minPages;
	}

	public int maxPages() {
		return this.maxPages;
	}

}
