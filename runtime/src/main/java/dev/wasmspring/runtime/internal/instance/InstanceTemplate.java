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

package dev.wasmspring.runtime.internal.instance;

import java.util.Arrays;
import java.util.List;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveElement;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.PassiveElement;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import org.jspecify.annotations.Nullable;

/**
 * What every instance of a module starts with in its tables, worked out once per module
 * instead of once per instance: the tables as the module's active element segments fill
 * them, shared copy-on-write by every instance ({@link CopyOnWriteTable}). The engine
 * builds instances from a copy of the module whose active element segments are already
 * applied, so dropped: a segment the module's {@code table.init} names after
 * instantiation is empty, as the specification has it.
 * <p>
 * Only modules whose segments the engine would apply the same way every time qualify:
 * constant offsets into tables of the module's own, function references or nulls, all
 * within the tables' initial sizes. Immutable and shared by the instances of one loaded
 * module.
 */
public final class InstanceTemplate {

	private final WasmModule module;

	private final Table[] tables;

	private final TableLimits[] limits;

	private final int[][] refs;

	private final long declaredElements;

	private InstanceTemplate(WasmModule module, Table[] tables, int[][] refs) {
		this.module = module;
		this.tables = tables;
		this.refs = refs;
		this.limits = new TableLimits[tables.length];
		long declared = 0;
		for (int i = 0; i < tables.length; i++) {
			TableLimits limits = tables[i].limits();
			// a limits object of its own, which nothing grows: the tables keep their size
			this.limits[i] = new TableLimits(refs[i].length, limits.max(), limits.shared());
			declared += refs[i].length;
		}
		this.declaredElements = declared;
	}

	/**
	 * Return the template of an artifact's instances, worked out on first use and kept
	 * with the artifact.
	 * @param artifact the compiled module
	 * @return the template, or {@code null} if the module's instances must be built the
	 * engine's way
	 */
	public static @Nullable InstanceTemplate of(CompiledArtifact artifact) {
		return artifact.instanceParts(InstanceTemplate.class, InstanceTemplate::create);
	}

	static @Nullable InstanceTemplate create(CompiledArtifact artifact) {
		WasmModule module = artifact.module();
		int importedTables = module.importSection().count(ExternalType.TABLE);
		int defined = module.tableSection().tableCount();
		if (defined == 0) {
			return null;
		}
		Table[] tables = new Table[defined];
		int[][] refs = new int[defined][];
		for (int t = 0; t < defined; t++) {
			Table table = module.tableSection().getTable(t);
			if (!ValType.FuncRef.equals(table.elementType()) || !nullsOnly(table.initialize())
					|| table.limits().min() > Integer.MAX_VALUE) {
				return null;
			}
			tables[t] = table;
			refs[t] = new int[(int) table.limits().min()];
			Arrays.fill(refs[t], Value.REF_NULL_VALUE);
		}
		ElementSection section = module.elementSection();
		Element[] elements = new Element[section.elementCount()];
		boolean active = false;
		for (int i = 0; i < elements.length; i++) {
			Element element = section.getElement(i);
			elements[i] = element;
			if (!(element instanceof ActiveElement segment)) {
				continue;
			}
			int table = segment.tableIndex() - importedTables;
			Integer offset = constant(segment.offset());
			if (table < 0 || table >= defined || offset == null || !ValType.matches(segment.type(), ValType.FuncRef)) {
				return null;
			}
			int[] target = refs[table];
			List<List<Instruction>> initializers = segment.initializers();
			if (offset < 0 || (long) offset + initializers.size() > target.length) {
				// the engine refuses the instance, with its own message
				return null;
			}
			for (int j = 0; j < initializers.size(); j++) {
				Integer ref = reference(initializers.get(j));
				if (ref == null) {
					return null;
				}
				target[offset + j] = ref;
			}
			// applied once here: every instance starts with it dropped
			elements[i] = new PassiveElement(segment.type(), List.of());
			active = true;
		}
		WasmModule instanceModule = active ? withElements(module, elements) : module;
		return new InstanceTemplate(instanceModule, tables, refs);
	}

	private static WasmModule withElements(WasmModule module, Element[] elements) {
		ElementSection.Builder section = ElementSection.builder();
		for (Element element : elements) {
			section.addElement(element);
		}
		WasmModule.Builder builder = WasmModule.builder()
			.withValidation(false)
			.withDigest(module.digest())
			.setTypeSection(module.typeSection())
			.setImportSection(module.importSection())
			.setFunctionSection(module.functionSection())
			.setTableSection(module.tableSection())
			.setMemorySection(module.memorySection().orElse(null))
			.setGlobalSection(module.globalSection())
			.setExportSection(module.exportSection())
			.setStartSection(module.startSection().orElse(null))
			.setElementSection(section.build())
			.setCodeSection(module.codeSection())
			.setDataSection(module.dataSection())
			.setDataCountSection(module.dataCountSection().orElse(null))
			.setTagSection(module.tagSection().orElse(null));
		module.customSections().forEach((custom) -> builder.addCustomSection(custom.name(), custom));
		module.ignoredSections().forEach(builder::addIgnoredSection);
		return builder.build();
	}

	private static boolean nullsOnly(@Nullable List<Instruction> init) {
		if (init == null) {
			return true;
		}
		for (Instruction instruction : init) {
			if (instruction.opcode() != OpCode.REF_NULL && instruction.opcode() != OpCode.END) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable Integer constant(List<Instruction> expression) {
		Integer value = null;
		for (Instruction instruction : expression) {
			if (instruction.opcode() == OpCode.I32_CONST && value == null) {
				value = (int) instruction.operand(0);
			}
			else if (instruction.opcode() != OpCode.END) {
				return null;
			}
		}
		return value;
	}

	private static @Nullable Integer reference(List<Instruction> expression) {
		Integer value = null;
		for (Instruction instruction : expression) {
			if (value == null && instruction.opcode() == OpCode.REF_FUNC) {
				long function = instruction.operand(0);
				if (Value.isI31(function)) {
					return null;
				}
				value = (int) function;
			}
			else if (value == null && instruction.opcode() == OpCode.REF_NULL) {
				value = Value.REF_NULL_VALUE;
			}
			else if (instruction.opcode() != OpCode.END) {
				return null;
			}
		}
		return value;
	}

	/**
	 * Return the module the engine builds instances from: the module itself, or a copy
	 * whose active element segments are already applied.
	 * @return the module
	 */
	public WasmModule module() {
		return this.module;
	}

	/**
	 * Return the factory of one instance's tables: each starts as the module's
	 * initialised table, shared until the instance writes it.
	 * @param maxElements how many elements the instance's tables may hold together
	 * @param account the instance's account, which pays for the elements
	 * @return the factory, for one instance only
	 */
	public TableFactory tableFactory(long maxElements, MemoryBudget.Account account) {
		long[] budget = { maxElements - this.declaredElements };
		return new TableFactory() {

			private int next;

			@Override
			public TableInstance create(Table table, int initialValue) {
				int index = this.next++;
				int[] refs = InstanceTemplate.this.refs[index];
				account.reserve((long) refs.length * CompiledArtifact.TABLE_ELEMENT_BYTES);
				return new CopyOnWriteTable(table.elementType(), InstanceTemplate.this.limits[index], refs, budget,
						account);
			}

		};
	}

	/**
	 * Make a freshly built instance the owner of the functions its tables start with.
	 * @param instance the instance, built from {@link #module()} with
	 * {@link #tableFactory(long, MemoryBudget.Account)}'s tables
	 */
	public void bind(Instance instance) {
		int imported = instance.imports().tableCount();
		for (int t = 0; t < this.tables.length; t++) {
			((CopyOnWriteTable) instance.table(imported + t)).own(instance);
		}
	}

	/**
	 * Return whether an instance's table still reads the shared references (the instance
	 * never wrote nor grew it).
	 * @param table the table
	 * @return whether it is the module's initialised table
	 */
	public static boolean isPristine(TableInstance table) {
		return table instanceof CopyOnWriteTable copyOnWrite && !copyOnWrite.copied();
	}

}
