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

import java.nio.charset.Charset;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import org.jspecify.annotations.Nullable;

/**
 * An instance's linear memory that starts from the module's {@link MemoryImage}.
 * Instantiating a module with the engine's own memory zeroes the freshly allocated
 * (already zero) pages a second time and then replays every active data segment, copying
 * each segment's bytes twice; this memory skips the second zeroing and copies the image's
 * merged runs once. Passive data segments are read from the instance's segments as the
 * engine reads them. Everything else is the engine's {@link ByteArrayMemory}, to which
 * every access is delegated unchanged.
 * <p>
 * Confined to its instance, like the instance; nothing is shared but the immutable image.
 */
public final class PristineMemory implements Memory {

	private final ByteArrayMemory memory;

	private final @Nullable MemoryImage image;

	// true until the engine first zeroes or initialises the memory: nothing can have
	// written to it before
	private boolean fresh = true;

	private DataSegment @Nullable [] segments;

	private final MemoryBudget.Account account;

	private int refusedGrows;

	public PristineMemory(MemoryLimits limits, @Nullable MemoryImage image, MemoryBudget.Account account) {
		account.reserve((long) limits.initialPages() * PAGE_SIZE);
		this.account = account;
		this.memory = new ByteArrayMemory(limits);
		this.image = image;
	}

	@Override
	public int pages() {
		return this.memory.pages();
	}

	@Override
	public int grow(int size) {
		long bytes = (size > 0) ? (long) size * PAGE_SIZE : 0;
		if (size > 0 && (long) (this.memory.pages() + size) * PAGE_SIZE
				+ this.sharedBytes.getAsLong() > (long) this.memory.maximumPages() * PAGE_SIZE) {
			// what the instance holds outside this memory shares its limit
			this.refusedGrows++;
			return -1;
		}
		if (!this.account.tryReserve(bytes)) {
			// the runtime's budget is used up: the guest sees a memory that cannot grow
			this.refusedGrows++;
			return -1;
		}
		int previous = this.memory.grow(size);
		if (previous < 0) {
			this.account.release(bytes);
			this.refusedGrows++;
		}
		return previous;
	}

	private java.util.function.LongSupplier sharedBytes = () -> 0;

	/**
	 * Count bytes the instance holds outside this memory against the memory's maximum
	 * when it grows (an Extism plugin's memory blocks).
	 * @param sharedBytes the bytes held outside, now
	 */
	public void shareLimitWith(java.util.function.LongSupplier sharedBytes) {
		this.sharedBytes = sharedBytes;
	}

	/**
	 * How many times {@code memory.grow} returned -1: the limit, or the budget, refused
	 * it.
	 */
	public int refusedGrows() {
		return this.refusedGrows;
	}

	@Override
	public int initialPages() {
		return this.memory.initialPages();
	}

	@Override
	public int maximumPages() {
		return this.memory.maximumPages();
	}

	@Override
	public boolean shared() {
		return this.memory.shared();
	}

	@SuppressWarnings("removal")
	@Override
	public Object lock(int address) {
		return this.memory.lock(address);
	}

	@SuppressWarnings("removal")
	@Override
	public int waitOn(int address, int expected, long timeout) {
		return this.memory.waitOn(address, expected, timeout);
	}

	@SuppressWarnings("removal")
	@Override
	public int waitOn(int address, long expected, long timeout) {
		return this.memory.waitOn(address, expected, timeout);
	}

	@SuppressWarnings("removal")
	@Override
	public int notify(int address, int maxThreads) {
		return this.memory.notify(address, maxThreads);
	}

	@Override
	public void atomicFence() {
		this.memory.atomicFence();
	}

	@Override
	public int atomicWait(int addr, int expected, long timeout) {
		return this.memory.atomicWait(addr, expected, timeout);
	}

	@Override
	public int atomicWait(int addr, long expected, long timeout) {
		return this.memory.atomicWait(addr, expected, timeout);
	}

	@Override
	public int atomicNotify(int addr, int maxThreads) {
		return this.memory.atomicNotify(addr, maxThreads);
	}

	@Override
	public int atomicReadInt(int addr) {
		return this.memory.atomicReadInt(addr);
	}

	@Override
	public long atomicReadLong(int addr) {
		return this.memory.atomicReadLong(addr);
	}

	@Override
	public short atomicReadShort(int addr) {
		return this.memory.atomicReadShort(addr);
	}

	@Override
	public byte atomicReadByte(int addr) {
		return this.memory.atomicReadByte(addr);
	}

	@Override
	public void atomicWriteInt(int addr, int value) {
		this.memory.atomicWriteInt(addr, value);
	}

	@Override
	public void atomicWriteLong(int addr, long value) {
		this.memory.atomicWriteLong(addr, value);
	}

	@Override
	public void atomicWriteShort(int addr, short value) {
		this.memory.atomicWriteShort(addr, value);
	}

	@Override
	public void atomicWriteByte(int addr, byte value) {
		this.memory.atomicWriteByte(addr, value);
	}

	@Override
	public int atomicAddInt(int addr, int delta) {
		return this.memory.atomicAddInt(addr, delta);
	}

	@Override
	public int atomicAndInt(int addr, int mask) {
		return this.memory.atomicAndInt(addr, mask);
	}

	@Override
	public int atomicOrInt(int addr, int mask) {
		return this.memory.atomicOrInt(addr, mask);
	}

	@Override
	public int atomicXorInt(int addr, int mask) {
		return this.memory.atomicXorInt(addr, mask);
	}

	@Override
	public int atomicXchgInt(int addr, int value) {
		return this.memory.atomicXchgInt(addr, value);
	}

	@Override
	public int atomicCmpxchgInt(int addr, int expected, int replacement) {
		return this.memory.atomicCmpxchgInt(addr, expected, replacement);
	}

	@Override
	public long atomicAddLong(int addr, long delta) {
		return this.memory.atomicAddLong(addr, delta);
	}

	@Override
	public long atomicAndLong(int addr, long mask) {
		return this.memory.atomicAndLong(addr, mask);
	}

	@Override
	public long atomicOrLong(int addr, long mask) {
		return this.memory.atomicOrLong(addr, mask);
	}

	@Override
	public long atomicXorLong(int addr, long mask) {
		return this.memory.atomicXorLong(addr, mask);
	}

	@Override
	public long atomicXchgLong(int addr, long value) {
		return this.memory.atomicXchgLong(addr, value);
	}

	@Override
	public long atomicCmpxchgLong(int addr, long expected, long replacement) {
		return this.memory.atomicCmpxchgLong(addr, expected, replacement);
	}

	@Override
	public short atomicAddShort(int addr, short delta) {
		return this.memory.atomicAddShort(addr, delta);
	}

	@Override
	public short atomicAndShort(int addr, short mask) {
		return this.memory.atomicAndShort(addr, mask);
	}

	@Override
	public short atomicOrShort(int addr, short mask) {
		return this.memory.atomicOrShort(addr, mask);
	}

	@Override
	public short atomicXorShort(int addr, short mask) {
		return this.memory.atomicXorShort(addr, mask);
	}

	@Override
	public short atomicXchgShort(int addr, short value) {
		return this.memory.atomicXchgShort(addr, value);
	}

	@Override
	public short atomicCmpxchgShort(int addr, short expected, short replacement) {
		return this.memory.atomicCmpxchgShort(addr, expected, replacement);
	}

	@Override
	public byte atomicAddByte(int addr, byte delta) {
		return this.memory.atomicAddByte(addr, delta);
	}

	@Override
	public byte atomicAndByte(int addr, byte mask) {
		return this.memory.atomicAndByte(addr, mask);
	}

	@Override
	public byte atomicOrByte(int addr, byte mask) {
		return this.memory.atomicOrByte(addr, mask);
	}

	@Override
	public byte atomicXorByte(int addr, byte mask) {
		return this.memory.atomicXorByte(addr, mask);
	}

	@Override
	public byte atomicXchgByte(int addr, byte value) {
		return this.memory.atomicXchgByte(addr, value);
	}

	@Override
	public byte atomicCmpxchgByte(int addr, byte expected, byte replacement) {
		return this.memory.atomicCmpxchgByte(addr, expected, replacement);
	}

	@Override
	public void initialize(Instance instance, DataSegment[] dataSegments) {
		initialize(instance, dataSegments, 0);
	}

	@Override
	public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
		this.fresh = false;
		MemoryImage image = this.image;
		if (image == null || memoryIndex != 0) {
			this.memory.initialize(instance, dataSegments, memoryIndex);
			return;
		}
		// the instance's own array, which data.drop also writes to: memory.init reads it
		// as the engine would
		this.segments = dataSegments;
		image.copyInto(this.memory);
	}

	@Override
	public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
		DataSegment[] segments = this.segments;
		if (segments == null) {
			this.memory.initPassiveSegment(segmentId, dest, offset, size);
			return;
		}
		this.memory.write(dest, segments[segmentId].data(), offset, size);
	}

	@Override
	public void writeString(int offset, String data, Charset charSet) {
		this.memory.writeString(offset, data, charSet);
	}

	@Override
	public void writeString(int offset, String data) {
		this.memory.writeString(offset, data);
	}

	@Override
	public String readString(int addr, int len) {
		return this.memory.readString(addr, len);
	}

	@Override
	public String readString(int addr, int len, Charset charSet) {
		return this.memory.readString(addr, len, charSet);
	}

	@Override
	public void writeCString(int offset, String str) {
		this.memory.writeCString(offset, str);
	}

	@Override
	public void writeCString(int offset, String str, Charset charSet) {
		this.memory.writeCString(offset, str, charSet);
	}

	@Override
	public String readCString(int addr, Charset charSet) {
		return this.memory.readCString(addr, charSet);
	}

	@Override
	public String readCString(int addr) {
		return this.memory.readCString(addr);
	}

	@Override
	public void write(int addr, byte[] data) {
		this.memory.write(addr, data);
	}

	@Override
	public void write(int addr, byte[] data, int offset, int size) {
		this.memory.write(addr, data, offset, size);
	}

	@Override
	public byte read(int addr) {
		return this.memory.read(addr);
	}

	@Override
	public byte[] readBytes(int addr, int len) {
		return this.memory.readBytes(addr, len);
	}

	@Override
	public void writeI32(int addr, int data) {
		this.memory.writeI32(addr, data);
	}

	@Override
	public int readInt(int addr) {
		return this.memory.readInt(addr);
	}

	@Override
	public long readI32(int addr) {
		return this.memory.readI32(addr);
	}

	@Override
	public long readU32(int addr) {
		return this.memory.readU32(addr);
	}

	@Override
	public void writeLong(int addr, long data) {
		this.memory.writeLong(addr, data);
	}

	@Override
	public long readLong(int addr) {
		return this.memory.readLong(addr);
	}

	@Override
	public long readI64(int addr) {
		return this.memory.readI64(addr);
	}

	@Override
	public void writeShort(int addr, short data) {
		this.memory.writeShort(addr, data);
	}

	@Override
	public short readShort(int addr) {
		return this.memory.readShort(addr);
	}

	@Override
	public long readI16(int addr) {
		return this.memory.readI16(addr);
	}

	@Override
	public long readU16(int addr) {
		return this.memory.readU16(addr);
	}

	@Override
	public void writeByte(int addr, byte data) {
		this.memory.writeByte(addr, data);
	}

	@Override
	public long readU8(int addr) {
		return this.memory.readU8(addr);
	}

	@Override
	public long readI8(int addr) {
		return this.memory.readI8(addr);
	}

	@Override
	public void writeF32(int addr, float data) {
		this.memory.writeF32(addr, data);
	}

	@Override
	public long readF32(int addr) {
		return this.memory.readF32(addr);
	}

	@Override
	public float readFloat(int addr) {
		return this.memory.readFloat(addr);
	}

	@Override
	public void writeF64(int addr, double data) {
		this.memory.writeF64(addr, data);
	}

	@Override
	public double readDouble(int addr) {
		return this.memory.readDouble(addr);
	}

	@Override
	public long readF64(int addr) {
		return this.memory.readF64(addr);
	}

	@Override
	public void zero() {
		if (this.fresh) {
			// the engine zeroes a new memory before initialising it; its pages were
			// allocated zeroed
			this.fresh = false;
			return;
		}
		this.memory.zero();
	}

	@Override
	public void fill(byte value, int fromIndex, int toIndex) {
		this.memory.fill(value, fromIndex, toIndex);
	}

	@Override
	public void copy(int dest, int src, int size) {
		this.memory.copy(dest, src, size);
	}

	@Override
	public void drop(int segment) {
		DataSegment[] segments = this.segments;
		if (segments == null) {
			this.memory.drop(segment);
			return;
		}
		segments[segment] = PassiveDataSegment.EMPTY;
	}

}
