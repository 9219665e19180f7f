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

package dev.wasmspring.runtime.internal.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import dev.wasmspring.runtime.internal.instance.InstanceSetup;
import dev.wasmspring.runtime.internal.instance.InstanceTemplate;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.memory.CopyOnWriteMemory;
import dev.wasmspring.runtime.internal.memory.PageImage;
import org.jspecify.annotations.Nullable;

/**
 * The state of an instance captured after its initialisation, from which new instances
 * start: its memory as pages shared copy-on-write, the values of its own globals, the
 * content of its own tables (function references rebound to each new instance), and the
 * data and element segments it dropped. Imported globals, tables and memories belong to
 * the host and are not captured; WASI state (descriptors, streams, arguments) lives
 * outside the instance and every new instance gets its own. What the initialisation
 * <em>read</em> of the module's WASI inputs (environment, arguments, preopened
 * directories, standard input) is in the captured memory, so the snapshot records which
 * it read ({@link #inputsRead()}): an instance given its own of one of those must not
 * start from it.
 * <p>
 * Immutable and shared by every instance of the loaded module it was taken for.
 */
public final class InstanceSnapshot implements InstanceSetup {

	private final @Nullable PageImage memory;

	private final long[] globalLow;

	private final long[] globalHigh;

	private final int[] tableIndexes;

	// null for a table as every instance starts it
	private final int[] @Nullable [] tableRefs;

	private final int[] droppedData;

	private final int[] changedElements;

	private final @Nullable Element[] elements;

	private final Set<SnapshotInput> inputsRead;

	private InstanceSnapshot(@Nullable PageImage memory, long[] globalLow, long[] globalHigh, int[] tableIndexes,
			int[] @Nullable [] tableRefs, int[] droppedData, int[] changedElements, @Nullable Element[] elements,
			Set<SnapshotInput> inputsRead) {
		this.inputsRead = Set.copyOf(inputsRead);
		this.memory = memory;
		this.globalLow = globalLow;
		this.globalHigh = globalHigh;
		this.tableIndexes = tableIndexes;
		this.tableRefs = tableRefs;
		this.droppedData = droppedData;
		this.changedElements = changedElements;
		this.elements = elements;
	}

	/**
	 * Capture an initialised instance's state.
	 * @param instance the instance, initialised, with no call running
	 * @param inputsRead the WASI inputs its initialisation read
	 * ({@link SnapshotRecorder#inputsRead()})
	 * @return the snapshot
	 * @throws SnapshotRefusedException if part of the state cannot be carried to another
	 * instance
	 */
	public static InstanceSnapshot capture(Instance instance, Set<SnapshotInput> inputsRead) {
		WasmModule module = instance.module();
		if (module.importSection().count(ExternalType.MEMORY) > 0) {
			throw new SnapshotRefusedException(
					"it imports its memory, which the host owns and a snapshot cannot " + "capture");
		}
		PageImage memory = null;
		if (module.memorySection().map((section) -> section.memoryCount() > 0).orElse(false)) {
			Memory engineMemory = instance.memory();
			if (engineMemory.shared()) {
				throw new SnapshotRefusedException("its memory is shared between threads");
			}
			memory = PageImage.capture(engineMemory);
		}

		int importedGlobals = instance.imports().globalCount();
		int globals = instance.globalCount() - importedGlobals;
		long[] low = new long[globals];
		long[] high = new long[globals];
		for (int i = 0; i < globals; i++) {
			GlobalInstance global = instance.global(importedGlobals + i);
			low[i] = global.getValueLow();
			high[i] = global.getValueHigh();
		}

		int importedTables = instance.imports().tableCount();
		int tables = instance.tableCount() - importedTables;
		int[] tableIndexes = new int[tables];
		int[] @Nullable [] tableRefs = new int[tables][];
		for (int t = 0; t < tables; t++) {
			TableInstance table = instance.table(importedTables + t);
			tableIndexes[t] = importedTables + t;
			if (InstanceTemplate.isPristine(table)) {
				// as every instance starts it: nothing to restore
				continue;
			}
			int[] refs = new int[table.size()];
			for (int i = 0; i < refs.length; i++) {
				refs[i] = table.ref(i);
				if (refs[i] == Value.REF_NULL_VALUE) {
					continue;
				}
				if (!table.elementType().equals(ValType.FuncRef)) {
					throw new SnapshotRefusedException("its table " + t + " holds a host reference at index " + i
							+ ", which would be shared by every instance");
				}
				if (table.instance(i) != instance) {
					throw new SnapshotRefusedException(
							"its table " + t + " holds, at index " + i + ", a function of another instance");
				}
			}
			tableRefs[t] = refs;
		}

		List<Integer> dropped = new ArrayList<>();
		int dataSegments = module.dataSection().dataSegmentCount();
		for (int i = 0; i < dataSegments; i++) {
			if (instance.dataSegmentData(i).length == 0 && module.dataSection().getDataSegment(i).data().length > 0) {
				dropped.add(i);
			}
		}

		List<Integer> changed = new ArrayList<>();
		Element[] elements = new Element[instance.elementCount()];
		for (int i = 0; i < elements.length; i++) {
			elements[i] = instance.element(i);
			if (elements[i] != module.elementSection().getElement(i)) {
				changed.add(i);
			}
		}
		return new InstanceSnapshot(memory, low, high, tableIndexes, tableRefs,
				dropped.stream().mapToInt(Integer::intValue).toArray(),
				changed.stream().mapToInt(Integer::intValue).toArray(), elements, inputsRead);
	}

	/**
	 * Return the WASI inputs the initialisation read, whose module values the snapshot's
	 * memory may hold.
	 * @return the inputs read
	 */
	public Set<SnapshotInput> inputsRead() {
		return this.inputsRead;
	}

	/** The snapshot's memory, or {@code null} if the module has none. */
	public @Nullable PageImage memory() {
		return this.memory;
	}

	@Override
	public void configure(Instance.Builder builder, MemoryBudget.Account account) {
		PageImage memory = this.memory;
		if (memory != null) {
			builder.withMemoryFactory((limits) -> new CopyOnWriteMemory(limits, memory, account));
		}
		builder.withGlobalFactory(new CapturedGlobals());
	}

	@Override
	public void initialized(Instance instance) {
		for (int t = 0; t < this.tableIndexes.length; t++) {
			TableInstance table = instance.table(this.tableIndexes[t]);
			int[] refs = this.tableRefs[t];
			if (refs == null) {
				continue;
			}
			if (refs.length > table.size()) {
				table.grow(refs.length - table.size(), Value.REF_NULL_VALUE, instance);
			}
			for (int i = 0; i < refs.length; i++) {
				table.setRef(i, refs[i], (refs[i] == Value.REF_NULL_VALUE) ? null : instance);
			}
		}
		for (int segment : this.droppedData) {
			instance.dropDataSegment(segment);
		}
		for (int element : this.changedElements) {
			instance.setElement(element, this.elements[element]);
		}
	}

	@Override
	public boolean startsInitialized() {
		return true;
	}

	/**
	 * Hands the engine each defined global with its captured value, in the order the
	 * engine creates them.
	 */
	private final class CapturedGlobals implements GlobalFactory {

		private int next;

		@Override
		public GlobalInstance create(long value, long highValue, ValType type, MutabilityType mutability) {
			int index = this.next++;
			return new GlobalInstance(InstanceSnapshot.this.globalLow[index], InstanceSnapshot.this.globalHigh[index],
					type, mutability);
		}

	}

}
