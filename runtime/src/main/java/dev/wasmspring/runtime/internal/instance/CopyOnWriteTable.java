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

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import dev.wasmspring.runtime.internal.compile.CompiledArtifact;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import org.jspecify.annotations.Nullable;

/**
 * An instance's table that starts as the module's initialised table, shared by every
 * instance of the module, and gets arrays of its own only when the instance first writes
 * or grows it. Until then it reads the shared references, each a function of the instance
 * that owns the table. Confined to its instance's thread, like the instance.
 */
final class CopyOnWriteTable extends TableInstance {

	private static final Table NO_ELEMENTS = new Table(ValType.FuncRef, new TableLimits(0, 0));

	private final ValType elementType;

	private final TableLimits limits;

	// the module's initialised references, shared; never written
	private final int[] shared;

	// shared by the tables of one instance: how many more elements they may grow by
	private final long[] budget;

	private final MemoryBudget.Account account;

	private @Nullable Instance owner;

	// null until the first write
	private int @Nullable [] refs;

	private @Nullable Instance @Nullable [] instances;

	CopyOnWriteTable(ValType elementType, TableLimits limits, int[] shared, long[] budget,
			MemoryBudget.Account account) {
		super(NO_ELEMENTS, Value.REF_NULL_VALUE);
		this.elementType = elementType;
		this.limits = limits;
		this.shared = shared;
		this.budget = budget;
		this.account = account;
	}

	/** Name the instance whose functions the shared references are. */
	void own(Instance owner) {
		this.owner = owner;
	}

	/**
	 * Whether the instance wrote or grew the table, so that it holds arrays of its own.
	 */
	boolean copied() {
		return this.refs != null;
	}

	@Override
	public int size() {
		int[] refs = this.refs;
		return (refs != null) ? refs.length : this.shared.length;
	}

	@Override
	public ValType elementType() {
		return this.elementType;
	}

	@Override
	public TableLimits limits() {
		return this.limits;
	}

	@Override
	public int ref(int index) {
		int[] refs = this.refs;
		int[] read = (refs != null) ? refs : this.shared;
		if (index < 0 || index >= read.length) {
			throw new ChicoryException("undefined element");
		}
		return read[index];
	}

	@Override
	public int requiredRef(int index) {
		int ref = ref(index);
		if (ref == Value.REF_NULL_VALUE) {
			throw new ChicoryException("uninitialized element " + index);
		}
		return ref;
	}

	@Override
	public @Nullable Instance instance(int index) {
		Instance[] instances = this.instances;
		if (instances != null) {
			return instances[index];
		}
		return (this.shared[index] != Value.REF_NULL_VALUE) ? this.owner : null;
	}

	@Override
	public void setRef(int index, int value, @Nullable Instance instance) {
		if (index < 0 || index >= size()) {
			throw new UninstantiableException("out of bounds table access");
		}
		copy();
		this.refs[index] = value;
		this.instances[index] = instance;
	}

	@Override
	public int grow(int size, int value, @Nullable Instance instance) {
		int oldSize = size();
		long target = (long) oldSize + size;
		if (size < 0 || target > this.limits.max()) {
			return -1;
		}
		if (size > 0 && size > this.budget[0]) {
			return -1;
		}
		long bytes = (size > 0) ? (long) size * CompiledArtifact.TABLE_ELEMENT_BYTES : 0;
		if (!this.account.tryReserve(bytes)) {
			// the runtime's budget is used up: the guest sees a full table
			return -1;
		}
		copy();
		int[] refs = Arrays.copyOf(this.refs, (int) target);
		Arrays.fill(refs, oldSize, (int) target, value);
		Instance[] instances = Arrays.copyOf(this.instances, (int) target);
		Arrays.fill(instances, oldSize, (int) target, instance);
		this.refs = refs;
		this.instances = instances;
		this.budget[0] -= size;
		return oldSize;
	}

	@Override
	public void reset() {
		copy();
		Arrays.fill(this.refs, Value.REF_NULL_VALUE);
	}

	private void copy() {
		if (this.refs != null) {
			return;
		}
		int[] shared = this.shared;
		Instance[] instances = new Instance[shared.length];
		Instance owner = this.owner;
		for (int i = 0; i < shared.length; i++) {
			if (shared[i] != Value.REF_NULL_VALUE) {
				instances[i] = owner;
			}
		}
		this.instances = instances;
		this.refs = shared.clone();
	}

}
