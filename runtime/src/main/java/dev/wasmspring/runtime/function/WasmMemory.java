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

package dev.wasmspring.runtime.function;

import java.nio.charset.StandardCharsets;

import dev.wasmspring.runtime.exception.WasmException;
import dev.wasmspring.runtime.internal.failure.Failures;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import dev.wasmspring.runtime.internal.memory.LinearMemory;

/**
 * A view of an instance's linear memory. It belongs to its instance and, like the
 * instance, is used by one thread at a time; it is valid while the instance is. Addresses
 * are unsigned 32-bit offsets; an access outside the memory throws
 * {@link IndexOutOfBoundsException}.
 */
public final class WasmMemory {

	/** Size of a WebAssembly page in bytes. */
	public static final int PAGE_SIZE = 65536;

	private final String moduleName;

	private final LinearMemory memory;

	WasmMemory(String moduleName, LinearMemory memory) {
		this.moduleName = moduleName;
		this.memory = memory;
	}

	/**
	 * Return the current size in pages of 64 KiB.
	 * @return the number of pages
	 */
	public int pages() {
		return this.memory.pages();
	}

	/**
	 * Return the current size in bytes.
	 * @return the size
	 */
	public long size() {
		return (long) this.memory.pages() * PAGE_SIZE;
	}

	/**
	 * Read bytes.
	 * @param address where to start
	 * @param length how many bytes
	 * @return a copy of the bytes
	 */
	public byte[] read(int address, int length) {
		check(address, length);
		try {
			return this.memory.read(address, length);
		}
		catch (IndexOutOfBoundsException ex) {
			throw outOfBounds(address, length);
		}
	}

	/**
	 * Read UTF-8 text.
	 * @param address where to start
	 * @param length how many bytes
	 * @return the text
	 */
	public String readString(int address, int length) {
		return new String(read(address, length), StandardCharsets.UTF_8);
	}

	/**
	 * Read a little-endian 32-bit integer.
	 * @param address where to read
	 * @return the value
	 */
	public int readInt(int address) {
		check(address, 4);
		return this.memory.readInt(address);
	}

	/**
	 * Read a little-endian 64-bit integer.
	 * @param address where to read
	 * @return the value
	 */
	public long readLong(int address) {
		check(address, 8);
		return this.memory.readLong(address);
	}

	/**
	 * Write bytes.
	 * @param address where to start
	 * @param bytes the bytes
	 */
	public void write(int address, byte[] bytes) {
		check(address, bytes.length);
		try {
			this.memory.write(address, bytes);
		}
		catch (MemoryBudget.Exhausted ex) {
			throw budgetExhausted();
		}
	}

	/**
	 * Write text as UTF-8, without a terminator.
	 * @param address where to start
	 * @param text the text
	 * @return the number of bytes written
	 */
	public int writeString(int address, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		write(address, bytes);
		return bytes.length;
	}

	/**
	 * Write a little-endian 32-bit integer.
	 * @param address where to write
	 * @param value the value
	 */
	public void writeInt(int address, int value) {
		check(address, 4);
		try {
			this.memory.writeInt(address, value);
		}
		catch (MemoryBudget.Exhausted ex) {
			throw budgetExhausted();
		}
	}

	/**
	 * Write a little-endian 64-bit integer.
	 * @param address where to write
	 * @param value the value
	 */
	public void writeLong(int address, long value) {
		check(address, 8);
		try {
			this.memory.writeLong(address, value);
		}
		catch (MemoryBudget.Exhausted ex) {
			throw budgetExhausted();
		}
	}

	/** A write that had to copy a page the runtime's memory budget could not hold. */
	private WasmException budgetExhausted() {
		return Failures.translate(this.moduleName, "<memory write>", MemoryBudget.Exhausted.INSTANCE, false, 0);
	}

	private void check(int address, int length) {
		long start = Integer.toUnsignedLong(address);
		if (length < 0 || start + length > size()) {
			throw outOfBounds(address, length);
		}
	}

	private IndexOutOfBoundsException outOfBounds(int address, int length) {
		return new IndexOutOfBoundsException("Access to " + length + " bytes at " + Integer.toUnsignedString(address)
				+ " is outside the memory of WASM module '" + this.moduleName + "' (" + size() + " bytes)");
	}

}
