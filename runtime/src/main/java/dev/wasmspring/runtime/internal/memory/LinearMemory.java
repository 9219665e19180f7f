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

package dev.wasmspring.runtime.internal.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;

/**
 * The engine's linear memory of one instance, as the public memory view reads and writes
 * it. Bounds are checked by the caller; an access the engine still refuses is reported as
 * {@link IndexOutOfBoundsException}. Confined to its instance's thread, like the
 * instance.
 */
public final class LinearMemory {

	private final Memory memory;

	public LinearMemory(Memory memory) {
		this.memory = memory;
	}

	public int pages() {
		return this.memory.pages();
	}

	public byte[] read(int address, int length) {
		try {
			return this.memory.readBytes(address, length);
		}
		catch (ChicoryException ex) {
			throw new IndexOutOfBoundsException(ex.getMessage());
		}
	}

	public int readInt(int address) {
		return this.memory.readInt(address);
	}

	public long readLong(int address) {
		return this.memory.readLong(address);
	}

	public void write(int address, byte[] bytes) {
		this.memory.write(address, bytes);
	}

	public void writeInt(int address, int value) {
		this.memory.writeI32(address, value);
	}

	public void writeLong(int address, long value) {
		this.memory.writeLong(address, value);
	}

}
