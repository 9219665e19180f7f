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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.invoke.VarHandle.AccessMode;
import java.nio.ByteOrder;
import java.util.Arrays;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;

/**
 * An instance's linear memory whose pages are the module's {@link PageImage} pages,
 * shared read-only with every other instance, until the instance first writes a page:
 * that write copies the one page into the instance's own. A page never written is never
 * copied, so a new instance costs a page table, not a copy of its memory; pages of zeros,
 * initial or grown, are all one shared page and cost nothing until written.
 * <p>
 * Every access reads through the page table, as the engine's own paged memory does; every
 * write goes through a second table holding only the instance's own pages, whose empty
 * slot sends the write to the copy. Bounds, the exceptions an out-of-bounds access throws
 * and their messages are the engine's. The memory limit bounds the pages a memory has,
 * shared or its own, so the pages it copies never exceed it.
 * <p>
 * For memories that are not shared between threads (a shared memory uses
 * {@link PristineMemory}): confined to its instance, like the instance. Nothing it writes
 * reaches the image or another instance.
 * <p>
 * Every page it copies, and its page tables, are reserved from the instance's
 * {@link MemoryBudget.Account} before they are allocated; a copy the budget refuses fails
 * the write with {@link MemoryBudget.Exhausted}.
 */
public final class CopyOnWriteMemory implements Memory {

	private static final VarHandle BYTES = MethodHandles.arrayElementVarHandle(byte[].class);

	private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final boolean INT_ATOMICS = INTS.isAccessModeSupported(AccessMode.GET_AND_ADD);

	private static final boolean LONG_ATOMICS = LONGS.isAccessModeSupported(AccessMode.GET_AND_ADD);

	private static final int PAGE_SHIFT = 16;

	private static final int PAGE_MASK = PAGE_SIZE - 1;

	private final MemoryLimits limits;

	private final int maximumPages;

	private final PageImage image;

	// every page the memory has: an image page, the zero page or its own copy; null
	// beyond the current size
	private byte[][] pages;

	// the pages this memory owns and may write, the same arrays as in pages; null where
	// not yet copied
	private byte[][] owned;

	private int pageCount;

	private DataSegment[] segments = NO_SEGMENTS;

	private static final DataSegment[] NO_SEGMENTS = new DataSegment[0];

	private int refusedGrows;

	// what the pages this memory allocates are reserved from
	private final MemoryBudget.Account account;

	/** The heap one slot of the two page tables holds: two references. */
	static final int TABLE_SLOT_BYTES = 16;

	/**
	 * Create a memory of the limits' initial size, all zeros until the engine initialises
	 * it with the image.
	 * @param limits the memory's limits, not shared
	 * @param image the content the engine's initialisation installs, at most the limits'
	 * maximum in pages
	 * @param account the instance's account, which pays for the pages and tables the
	 * memory allocates
	 */
	public CopyOnWriteMemory(MemoryLimits limits, PageImage image, MemoryBudget.Account account) {
		this.account = account;
		if (limits.shared()) {
			throw new IllegalArgumentException("A shared memory cannot be copy-on-write");
		}
		this.limits = limits;
		this.maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
		this.image = image;
		int initial = Math.max(limits.initialPages(), image.pageCount());
		if (initial > this.maximumPages) {
			throw new IllegalArgumentException(
					"The image's " + image.pageCount() + " pages exceed the memory's maximum of " + this.maximumPages);
		}
		account.reserve((long) initial * TABLE_SLOT_BYTES);
		this.pages = new byte[initial][];
		this.owned = new byte[initial][];
		this.pageCount = initial;
		Arrays.fill(this.pages, PageImage.ZERO_PAGE);
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

	/**
	 * The number of pages this memory has copied or allocated for itself: the heap it
	 * holds of its own.
	 */
	public int copiedPages() {
		int copied = 0;
		for (int i = 0; i < this.pageCount; i++) {
			if (this.owned[i] != null) {
				copied++;
			}
		}
		return copied;
	}

	// ---- pages

	private byte[] writable(int index) {
		byte[] page = this.owned[index];
		return (page != null) ? page : copy(index);
	}

	private byte[] copy(int index) {
		if (index >= this.pageCount) {
			throw new ArrayIndexOutOfBoundsException(index);
		}
		byte[] shared = this.pages[index];
		this.account.reserve(PAGE_SIZE);
		byte[] page = (shared == PageImage.ZERO_PAGE) ? new byte[PAGE_SIZE] : shared.clone();
		this.pages[index] = page;
		this.owned[index] = page;
		return page;
	}

	private int sizeInBytes() {
		return PAGE_SIZE * this.pageCount;
	}

	private static void checkBounds(int addr, int size, int limit) {
		if (addr < 0 || size < 0 || addr > limit || (size > 0 && ((addr + size) > limit))) {
			throw new WasmRuntimeException(outOfBoundsMessage(addr, size, limit));
		}
	}

	private static String outOfBoundsMessage(int addr, int size, int limit) {
		return "out of bounds memory access: attempted to access address: " + addr + " but limit is: " + limit
				+ " and size: " + size;
	}

	private RuntimeException outOfBounds(RuntimeException ex, int addr, int size) {
		if (ex instanceof IndexOutOfBoundsException || ex instanceof IllegalArgumentException
				|| ex instanceof NullPointerException || ex instanceof NegativeArraySizeException) {
			return new WasmRuntimeException(outOfBoundsMessage(addr, size, sizeInBytes()));
		}
		return ex;
	}

	// ---- size

	@Override
	public int pages() {
		return this.pageCount;
	}

	@Override
	public int grow(int size) {
		int previous = this.pageCount;
		int target = previous + size;
		if (target > this.maximumPages || target < previous || (size > 0
				&& (long) target * PAGE_SIZE + this.sharedBytes.getAsLong() > (long) this.maximumPages * PAGE_SIZE)) {
			// what the instance holds outside this memory shares its limit
			this.refusedGrows++;
			return -1;
		}
		if (target > this.pages.length) {
			int capacity = (int) Math.min(this.maximumPages, Math.max(target, 2L * this.pages.length));
			if (!this.account.tryReserve((long) (capacity - this.pages.length) * TABLE_SLOT_BYTES)) {
				// the guest sees a memory that cannot grow, as at its limit
				this.refusedGrows++;
				return -1;
			}
			this.pages = Arrays.copyOf(this.pages, capacity);
			this.owned = Arrays.copyOf(this.owned, capacity);
		}
		Arrays.fill(this.pages, previous, target, PageImage.ZERO_PAGE);
		this.pageCount = target;
		return previous;
	}

	@Override
	public int initialPages() {
		return this.limits.initialPages();
	}

	@Override
	public int maximumPages() {
		return this.maximumPages;
	}

	@Override
	public boolean shared() {
		return false;
	}

	// ---- initialisation and data segments

	@Override
	public void initialize(Instance instance, DataSegment[] dataSegments) {
		initialize(instance, dataSegments, 0);
	}

	@Override
	public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
		// the instance's own array, which data.drop also writes to: memory.init reads it
		// as the engine would
		this.segments = dataSegments;
		this.image.installInto(this.pages);
		Arrays.fill(this.owned, 0, this.image.pageCount(), null);
	}

	@Override
	public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
		write(dest, this.segments[segmentId].data(), offset, size);
	}

	@Override
	public void drop(int segment) {
		this.segments[segment] = PassiveDataSegment.EMPTY;
	}

	@Override
	public void zero() {
		Arrays.fill(this.pages, 0, this.pageCount, PageImage.ZERO_PAGE);
		Arrays.fill(this.owned, 0, this.pageCount, null);
	}

	// ---- bytes

	@Override
	public void write(int addr, byte[] data, int offset, int size) {
		checkBounds(offset, size, data.length);
		checkBounds(addr, size, sizeInBytes());
		while (size > 0) {
			int inPage = addr & PAGE_MASK;
			int chunk = Math.min(size, PAGE_SIZE - inPage);
			System.arraycopy(data, offset, writable(addr >>> PAGE_SHIFT), inPage, chunk);
			addr += chunk;
			offset += chunk;
			size -= chunk;
		}
	}

	@Override
	public byte[] readBytes(int addr, int len) {
		checkBounds(addr, len, sizeInBytes());
		byte[] result = new byte[len];
		int done = 0;
		while (done < len) {
			int inPage = addr & PAGE_MASK;
			int chunk = Math.min(len - done, PAGE_SIZE - inPage);
			System.arraycopy(this.pages[addr >>> PAGE_SHIFT], inPage, result, done, chunk);
			addr += chunk;
			done += chunk;
		}
		return result;
	}

	@Override
	public byte read(int addr) {
		try {
			return this.pages[addr >>> PAGE_SHIFT][addr & PAGE_MASK];
		}
		catch (RuntimeException ex) {
			throw outOfBounds(ex, addr, 1);
		}
	}

	@Override
	public void writeByte(int addr, byte data) {
		try {
			writable(addr >>> PAGE_SHIFT)[addr & PAGE_MASK] = data;
		}
		catch (RuntimeException ex) {
			throw outOfBounds(ex, addr, 1);
		}
	}

	@Override
	public void fill(byte value, int fromIndex, int toIndex) {
		int addr = fromIndex;
		int remaining = toIndex - fromIndex;
		checkBounds(addr, remaining, sizeInBytes());
		while (remaining > 0) {
			int index = addr >>> PAGE_SHIFT;
			int inPage = addr & PAGE_MASK;
			int chunk = Math.min(remaining, PAGE_SIZE - inPage);
			// zeros over the zero page change nothing: leave it shared
			if (value != 0 || this.pages[index] != PageImage.ZERO_PAGE) {
				Arrays.fill(writable(index), inPage, inPage + chunk, value);
			}
			addr += chunk;
			remaining -= chunk;
		}
	}

	@Override
	public void copy(int dest, int src, int size) {
		int limit = sizeInBytes();
		checkBounds(dest, size, limit);
		checkBounds(src, size, limit);
		if (dest > src && dest < src + size) {
			copyBackward(dest, src, size);
		}
		else {
			copyForward(dest, src, size);
		}
	}

	private void copyForward(int dest, int src, int size) {
		while (size > 0) {
			int destInPage = dest & PAGE_MASK;
			int srcInPage = src & PAGE_MASK;
			int chunk = Math.min(size, PAGE_SIZE - Math.max(destInPage, srcInPage));
			// the destination first: when it is the source's page, the source is then
			// read from the copy
			byte[] target = writable(dest >>> PAGE_SHIFT);
			System.arraycopy(this.pages[src >>> PAGE_SHIFT], srcInPage, target, destInPage, chunk);
			dest += chunk;
			src += chunk;
			size -= chunk;
		}
	}

	private void copyBackward(int dest, int src, int size) {
		dest += size;
		src += size;
		while (size > 0) {
			int destInPage = dest & PAGE_MASK;
			int srcInPage = src & PAGE_MASK;
			int chunk = Math.min(size,
					Math.min((destInPage == 0) ? PAGE_SIZE : destInPage, (srcInPage == 0) ? PAGE_SIZE : srcInPage));
			dest -= chunk;
			src -= chunk;
			byte[] target = writable(dest >>> PAGE_SHIFT);
			System.arraycopy(this.pages[src >>> PAGE_SHIFT], src & PAGE_MASK, target, dest & PAGE_MASK, chunk);
			size -= chunk;
		}
	}

	// ---- scalars: within a page through the page's view, across a page boundary byte by
	// byte

	@Override
	public void writeShort(int addr, short data) {
		int off = addr & PAGE_MASK;
		if (off + 2 <= PAGE_SIZE) {
			try {
				SHORTS.set(writable(addr >>> PAGE_SHIFT), off, data);
			}
			catch (RuntimeException ex) {
				throw outOfBounds(ex, addr, 2);
			}
		}
		else {
			checkBounds(addr, 2, sizeInBytes());
			writeByte(addr, (byte) data);
			writeByte(addr + 1, (byte) (data >>> 8));
		}
	}

	@Override
	public short readShort(int addr) {
		int off = addr & PAGE_MASK;
		if (off + 2 <= PAGE_SIZE) {
			try {
				return (short) SHORTS.get(this.pages[addr >>> PAGE_SHIFT], off);
			}
			catch (RuntimeException ex) {
				throw outOfBounds(ex, addr, 2);
			}
		}
		return (short) ((read(addr) & 0xFF) | ((read(addr + 1) & 0xFF) << 8));
	}

	@Override
	public long readU16(int addr) {
		return readShort(addr) & 0xFFFFL;
	}

	@Override
	public void writeI32(int addr, int data) {
		int off = addr & PAGE_MASK;
		if (off + 4 <= PAGE_SIZE) {
			try {
				INTS.set(writable(addr >>> PAGE_SHIFT), off, data);
			}
			catch (RuntimeException ex) {
				throw outOfBounds(ex, addr, 4);
			}
		}
		else {
			checkBounds(addr, 4, sizeInBytes());
			for (int i = 0; i < 4; i++) {
				writeByte(addr + i, (byte) (data >>> (8 * i)));
			}
		}
	}

	@Override
	public int readInt(int addr) {
		int off = addr & PAGE_MASK;
		if (off + 4 <= PAGE_SIZE) {
			try {
				return (int) INTS.get(this.pages[addr >>> PAGE_SHIFT], off);
			}
			catch (RuntimeException ex) {
				throw outOfBounds(ex, addr, 4);
			}
		}
		int value = 0;
		for (int i = 0; i < 4; i++) {
			value |= (read(addr + i) & 0xFF) << (8 * i);
		}
		return value;
	}

	@Override
	public void writeLong(int addr, long data) {
		int off = addr & PAGE_MASK;
		if (off + 8 <= PAGE_SIZE) {
			try {
				LONGS.set(writable(addr >>> PAGE_SHIFT), off, data);
			}
			catch (RuntimeException ex) {
				throw outOfBounds(ex, addr, 8);
			}
		}
		else {
			checkBounds(addr, 8, sizeInBytes());
			for (int i = 0; i < 8; i++) {
				writeByte(addr + i, (byte) (data >>> (8 * i)));
			}
		}
	}

	@Override
	public long readLong(int addr) {
		int off = addr & PAGE_MASK;
		if (off + 8 <= PAGE_SIZE) {
			try {
				return (long) LONGS.get(this.pages[addr >>> PAGE_SHIFT], off);
			}
			catch (RuntimeException ex) {
				throw outOfBounds(ex, addr, 8);
			}
		}
		long value = 0;
		for (int i = 0; i < 8; i++) {
			value |= (read(addr + i) & 0xFFL) << (8 * i);
		}
		return value;
	}

	@Override
	public void writeF32(int addr, float data) {
		int off = addr & PAGE_MASK;
		if (off + 4 <= PAGE_SIZE) {
			try {
				FLOATS.set(writable(addr >>> PAGE_SHIFT), off, data);
			}
			catch (RuntimeException ex) {
				throw outOfBounds(ex, addr, 4);
			}
		}
		else {
			writeI32(addr, Float.floatToRawIntBits(data));
		}
	}

	@Override
	public long readF32(int addr) {
		return readInt(addr);
	}

	@Override
	public float readFloat(int addr) {
		int off = addr & PAGE_MASK;
		if (off + 4 <= PAGE_SIZE) {
			try {
				return (float) FLOATS.get(this.pages[addr >>> PAGE_SHIFT], off);
			}
			catch (RuntimeException ex) {
				throw outOfBounds(ex, addr, 4);
			}
		}
		return Float.intBitsToFloat(readInt(addr));
	}

	@Override
	public void writeF64(int addr, double data) {
		int off = addr & PAGE_MASK;
		if (off + 8 <= PAGE_SIZE) {
			try {
				DOUBLES.set(writable(addr >>> PAGE_SHIFT), off, data);
			}
			catch (RuntimeException ex) {
				throw outOfBounds(ex, addr, 8);
			}
		}
		else {
			writeLong(addr, Double.doubleToRawLongBits(data));
		}
	}

	@Override
	public double readDouble(int addr) {
		int off = addr & PAGE_MASK;
		if (off + 8 <= PAGE_SIZE) {
			try {
				return (double) DOUBLES.get(this.pages[addr >>> PAGE_SHIFT], off);
			}
			catch (RuntimeException ex) {
				throw outOfBounds(ex, addr, 8);
			}
		}
		return Double.longBitsToDouble(readLong(addr));
	}

	@Override
	public long readF64(int addr) {
		return readLong(addr);
	}

	// ---- atomics: the memory is not shared, so no other thread can observe it between a
	// read and a write;
	// int and long go through the page's atomic view all the same, which also refuses a
	// misaligned address as
	// the engine's memory does

	@SuppressWarnings("removal")
	@Override
	public Object lock(int address) {
		throw new UnsupportedOperationException();
	}

	@SuppressWarnings("removal")
	@Override
	public int waitOn(int address, int expected, long timeout) {
		throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
	}

	@SuppressWarnings("removal")
	@Override
	public int waitOn(int address, long expected, long timeout) {
		throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
	}

	@SuppressWarnings("removal")
	@Override
	public int notify(int address, int maxThreads) {
		return 0;
	}

	@Override
	public void atomicFence() {
		VarHandle.fullFence();
	}

	@Override
	public int atomicWait(int addr, int expected, long timeout) {
		throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
	}

	@Override
	public int atomicWait(int addr, long expected, long timeout) {
		throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
	}

	@Override
	public int atomicNotify(int addr, int maxThreads) {
		return 0;
	}

	@Override
	public byte atomicReadByte(int addr) {
		try {
			return (byte) BYTES.getVolatile(this.pages[addr >>> PAGE_SHIFT], addr & PAGE_MASK);
		}
		catch (RuntimeException ex) {
			throw outOfBounds(ex, addr, 1);
		}
	}

	@Override
	public short atomicReadShort(int addr) {
		try {
			return (short) SHORTS.getVolatile(this.pages[addr >>> PAGE_SHIFT], addr & PAGE_MASK);
		}
		catch (RuntimeException ex) {
			throw outOfBounds(ex, addr, 2);
		}
	}

	@Override
	public int atomicReadInt(int addr) {
		try {
			return (int) INTS.getVolatile(this.pages[addr >>> PAGE_SHIFT], addr & PAGE_MASK);
		}
		catch (RuntimeException ex) {
			throw outOfBounds(ex, addr, 4);
		}
	}

	@Override
	public long atomicReadLong(int addr) {
		try {
			return (long) LONGS.getVolatile(this.pages[addr >>> PAGE_SHIFT], addr & PAGE_MASK);
		}
		catch (RuntimeException ex) {
			throw outOfBounds(ex, addr, 8);
		}
	}

	@Override
	public void atomicWriteByte(int addr, byte value) {
		try {
			BYTES.setVolatile(writable(addr >>> PAGE_SHIFT), addr & PAGE_MASK, value);
		}
		catch (RuntimeException ex) {
			throw outOfBounds(ex, addr, 1);
		}
	}

	@Override
	public void atomicWriteShort(int addr, short value) {
		try {
			SHORTS.setVolatile(writable(addr >>> PAGE_SHIFT), addr & PAGE_MASK, value);
		}
		catch (RuntimeException ex) {
			throw outOfBounds(ex, addr, 2);
		}
	}

	@Override
	public void atomicWriteInt(int addr, int value) {
		try {
			INTS.setVolatile(writable(addr >>> PAGE_SHIFT), addr & PAGE_MASK, value);
		}
		catch (RuntimeException ex) {
			throw outOfBounds(ex, addr, 4);
		}
	}

	@Override
	public void atomicWriteLong(int addr, long value) {
		try {
			LONGS.setVolatile(writable(addr >>> PAGE_SHIFT), addr & PAGE_MASK, value);
		}
		catch (RuntimeException ex) {
			throw outOfBounds(ex, addr, 8);
		}
	}

	private interface IntUpdate {

		int apply(int old);

	}

	private interface LongUpdate {

		long apply(long old);

	}

	// read, update and write back, returning the old value: for bytes and shorts of every
	// update, and for ints
	// and longs where the platform has no atomic view
	private int update(int addr, int width, IntUpdate update) {
		try {
			byte[] page = writable(addr >>> PAGE_SHIFT);
			int off = addr & PAGE_MASK;
			if (width == 1) {
				byte old = page[off];
				page[off] = (byte) update.apply(old);
				return old;
			}
			if (width == 2) {
				short old = (short) SHORTS.getVolatile(page, off);
				SHORTS.setVolatile(page, off, (short) update.apply(old));
				return old;
			}
			int old = (int) INTS.getVolatile(page, off);
			INTS.setVolatile(page, off, update.apply(old));
			return old;
		}
		catch (RuntimeException ex) {
			throw outOfBounds(ex, addr, width);
		}
	}

	private long updateLong(int addr, LongUpdate update) {
		try {
			byte[] page = writable(addr >>> PAGE_SHIFT);
			int off = addr & PAGE_MASK;
			long old = (long) LONGS.getVolatile(page, off);
			LONGS.setVolatile(page, off, update.apply(old));
			return old;
		}
		catch (RuntimeException ex) {
			throw outOfBounds(ex, addr, 8);
		}
	}

	@Override
	public int atomicAddInt(int addr, int delta) {
		if (INT_ATOMICS) {
			try {
				return (int) INTS.getAndAdd(writable(addr >>> PAGE_SHIFT), addr & PAGE_MASK, delta);
			}
			catch (RuntimeException ex) {
				throw outOfBounds(ex, addr, 4);
			}
		}
		return update(addr, 4, (old) -> old + delta);
	}

	@Override
	public int atomicAndInt(int addr, int mask) {
		return update(addr, 4, (old) -> old & mask);
	}

	@Override
	public int atomicOrInt(int addr, int mask) {
		return update(addr, 4, (old) -> old | mask);
	}

	@Override
	public int atomicXorInt(int addr, int mask) {
		return update(addr, 4, (old) -> old ^ mask);
	}

	@Override
	public int atomicXchgInt(int addr, int value) {
		return update(addr, 4, (old) -> value);
	}

	@Override
	public int atomicCmpxchgInt(int addr, int expected, int replacement) {
		return update(addr, 4, (old) -> (old == expected) ? replacement : old);
	}

	@Override
	public long atomicAddLong(int addr, long delta) {
		if (LONG_ATOMICS) {
			try {
				return (long) LONGS.getAndAdd(writable(addr >>> PAGE_SHIFT), addr & PAGE_MASK, delta);
			}
			catch (RuntimeException ex) {
				throw outOfBounds(ex, addr, 8);
			}
		}
		return updateLong(addr, (old) -> old + delta);
	}

	@Override
	public long atomicAndLong(int addr, long mask) {
		return updateLong(addr, (old) -> old & mask);
	}

	@Override
	public long atomicOrLong(int addr, long mask) {
		return updateLong(addr, (old) -> old | mask);
	}

	@Override
	public long atomicXorLong(int addr, long mask) {
		return updateLong(addr, (old) -> old ^ mask);
	}

	@Override
	public long atomicXchgLong(int addr, long value) {
		return updateLong(addr, (old) -> value);
	}

	@Override
	public long atomicCmpxchgLong(int addr, long expected, long replacement) {
		return updateLong(addr, (old) -> (old == expected) ? replacement : old);
	}

	@Override
	public short atomicAddShort(int addr, short delta) {
		return (short) update(addr, 2, (old) -> old + delta);
	}

	@Override
	public short atomicAndShort(int addr, short mask) {
		return (short) update(addr, 2, (old) -> old & mask);
	}

	@Override
	public short atomicOrShort(int addr, short mask) {
		return (short) update(addr, 2, (old) -> old | mask);
	}

	@Override
	public short atomicXorShort(int addr, short mask) {
		return (short) update(addr, 2, (old) -> old ^ mask);
	}

	@Override
	public short atomicXchgShort(int addr, short value) {
		return (short) update(addr, 2, (old) -> value);
	}

	@Override
	public short atomicCmpxchgShort(int addr, short expected, short replacement) {
		return (short) update(addr, 2, (old) -> ((short) old == expected) ? replacement : old);
	}

	@Override
	public byte atomicAddByte(int addr, byte delta) {
		return (byte) update(addr, 1, (old) -> old + delta);
	}

	@Override
	public byte atomicAndByte(int addr, byte mask) {
		return (byte) update(addr, 1, (old) -> old & mask);
	}

	@Override
	public byte atomicOrByte(int addr, byte mask) {
		return (byte) update(addr, 1, (old) -> old | mask);
	}

	@Override
	public byte atomicXorByte(int addr, byte mask) {
		return (byte) update(addr, 1, (old) -> old ^ mask);
	}

	@Override
	public byte atomicXchgByte(int addr, byte value) {
		return (byte) update(addr, 1, (old) -> value);
	}

	@Override
	public byte atomicCmpxchgByte(int addr, byte expected, byte replacement) {
		return (byte) update(addr, 1, (old) -> ((byte) old == expected) ? replacement : old);
	}

}
