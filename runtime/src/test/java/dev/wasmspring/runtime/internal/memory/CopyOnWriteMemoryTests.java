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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import dev.wasmspring.runtime.internal.limits.MemoryBudget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The copy-on-write memory behaves exactly as the engine's own memory on every operation,
 * copies a page only when it is first written, and no write ever reaches the image or
 * another memory.
 */
class CopyOnWriteMemoryTests {

	private static final MemoryBudget.Account UNLIMITED = new MemoryBudget(Long.MAX_VALUE).open();

	@Test
	void everyPageItCopiesIsReservedFirstAndAWriteTheBudgetCannotHoldFails() {
		MemoryBudget budget = new MemoryBudget(3L * Memory.PAGE_SIZE);
		MemoryBudget.Account account = budget.open();
		CopyOnWriteMemory memory = new CopyOnWriteMemory(new MemoryLimits(1, 10), PageImage.zeros(1), account);
		long tables = account.held();
		assertThat(tables).isEqualTo(16);
		// growing costs its page-table slots only: the new pages are the shared zero page
		// until written
		assertThat(memory.grow(3)).isEqualTo(1);
		assertThat(account.held()).isLessThan(Memory.PAGE_SIZE);
		memory.writeByte(0, (byte) 1);
		memory.writeByte(Memory.PAGE_SIZE, (byte) 1);
		assertThat(account.held()).isGreaterThanOrEqualTo(2L * Memory.PAGE_SIZE);
		// the third page does not fit: the write fails before anything is allocated, and
		// nothing is held for it
		long before = account.held();
		assertThatExceptionOfType(MemoryBudget.Exhausted.class)
			.isThrownBy(() -> memory.writeByte(2 * Memory.PAGE_SIZE, (byte) 1));
		assertThat(account.held()).isEqualTo(before);
		assertThat(memory.read(2 * Memory.PAGE_SIZE)).isZero();
		assertThat(budget.refusals()).isEqualTo(1);
		account.close();
		assertThat(budget.reserved()).isZero();
		// a closed account refuses: a released memory allocates nothing more
		assertThatExceptionOfType(MemoryBudget.Exhausted.class)
			.isThrownBy(() -> memory.writeByte(3 * Memory.PAGE_SIZE, (byte) 1));
		assertThat(budget.reserved()).isZero();
	}

	private static final int PAGE = Memory.PAGE_SIZE;

	@Test
	void answersEveryOperationAsTheEnginesMemoryOnRandomSequences() {
		for (long seed = 1; seed <= 120; seed++) {
			runSequence(seed, 400);
		}
	}

	@Test
	void readingNeverCopiesAPageAndTheFirstWriteCopiesOnlyThatPage() {
		PageImage image = imageWith(4, 0, 1, 2, 3);
		CopyOnWriteMemory memory = initialized(new MemoryLimits(4, 8), image);
		for (int address = 0; address < 4 * PAGE; address += 997) {
			memory.readInt(Math.min(address, 4 * PAGE - 4));
		}
		memory.readBytes(0, 4 * PAGE);
		assertThat(memory.copiedPages()).isZero();
		memory.writeByte(PAGE + 5, (byte) 1);
		memory.writeI32(PAGE + 100, 7);
		assertThat(memory.copiedPages()).isEqualTo(1);
		assertThat(memory.read(1)).isEqualTo(image.page(0)[1]);
		assertThat(memory.read(PAGE + 6)).isEqualTo(image.page(1)[6]);
		assertThat(memory.read(PAGE + 5)).isEqualTo((byte) 1);
	}

	@Test
	void growingAndFillingZeroPagesWithZerosCopiesNothing() {
		CopyOnWriteMemory memory = initialized(new MemoryLimits(2, 100), PageImage.zeros(2));
		assertThat(memory.grow(90)).isEqualTo(2);
		memory.fill((byte) 0, 0, 92 * PAGE);
		assertThat(memory.readLong(91 * PAGE + 8)).isZero();
		assertThat(memory.copiedPages()).isZero();
		memory.fill((byte) 3, PAGE - 1, PAGE + 1);
		assertThat(memory.copiedPages()).isEqualTo(2);
	}

	@Test
	void copiedPagesNeverExceedTheMemoryLimit() {
		CopyOnWriteMemory memory = initialized(new MemoryLimits(1, 3), imageWith(1, 0));
		assertThat(memory.grow(2)).isEqualTo(1);
		assertThat(memory.grow(1)).isEqualTo(-1);
		memory.fill((byte) 9, 0, 3 * PAGE);
		assertThat(memory.copiedPages()).isEqualTo(3);
		assertThat(memory.pages()).isEqualTo(3);
		assertThat(memory.read(3 * PAGE - 1)).isEqualTo((byte) 9);
	}

	@Test
	void refusesAnImageLargerThanTheMaximumAndASharedMemory() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CopyOnWriteMemory(new MemoryLimits(1, 2), PageImage.zeros(3), UNLIMITED));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CopyOnWriteMemory(new MemoryLimits(1, 2, true), PageImage.zeros(1), UNLIMITED));
	}

	@Test
	void noWriteReachesTheImageOrAnotherMemoryAcrossThreads() throws Exception {
		PageImage image = imageWith(8, 0, 2, 5, 7);
		List<byte[]> pristine = new ArrayList<>();
		for (int i = 0; i < image.pageCount(); i++) {
			pristine.add(image.page(i));
		}
		int threads = 8;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				byte mark = (byte) (t + 1);
				results.add(executor.submit(() -> {
					start.await();
					String problem = null;
					for (int round = 0; round < 60 && problem == null; round++) {
						CopyOnWriteMemory memory = initialized(new MemoryLimits(8, 16), image);
						Random random = new Random(mark * 1000L + round);
						for (int i = 0; i < 200; i++) {
							int address = random.nextInt(8 * PAGE - 8);
							switch (i % 4) {
								case 0 -> memory.writeByte(address, mark);
								case 1 -> memory.fill(mark, address, Math.min(8 * PAGE, address + 300));
								case 2 -> memory.copy(address, random.nextInt(8 * PAGE - 300),
										(300 > 8 * PAGE - address) ? 8 : 300);
								default -> memory.atomicWriteInt(address & ~3, mark);
							}
						}
						memory.fill(mark, 0, 8 * PAGE);
						byte[] all = memory.readBytes(0, 8 * PAGE);
						for (byte b : all) {
							if (b != mark) {
								problem = "memory of thread " + mark + " holds " + b;
								break;
							}
						}
					}
					return (problem != null) ? problem : "ok";
				}));
			}
			start.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo("ok");
			}
		}
		finally {
			executor.shutdownNow();
		}
		for (int i = 0; i < image.pageCount(); i++) {
			assertThat(image.page(i)).as("image page %d", i).isEqualTo(pristine.get(i));
		}
		CopyOnWriteMemory fresh = initialized(new MemoryLimits(8, 16), image);
		for (int i = 0; i < image.pageCount(); i++) {
			assertThat(fresh.readBytes(i * PAGE, PAGE)).isEqualTo(pristine.get(i));
		}
	}

	@Test
	void aSiblingMemoryOfTheSameImageNeverSeesAWrite() {
		PageImage image = imageWith(2, 0, 1);
		CopyOnWriteMemory first = initialized(new MemoryLimits(2, 4), image);
		CopyOnWriteMemory second = initialized(new MemoryLimits(2, 4), image);
		byte before = second.read(10);
		first.writeByte(10, (byte) (before + 1));
		first.copy(PAGE, 0, 64);
		first.atomicAddLong(PAGE + 8, 5);
		assertThat(second.read(10)).isEqualTo(before);
		assertThat(second.readBytes(PAGE, 64)).isEqualTo(Arrays.copyOf(image.page(1), 64));
		assertThat(first.read(10)).isEqualTo((byte) (before + 1));
	}

	// ---- the differential run

	private static void runSequence(long seed, int steps) {
		Random random = new Random(seed);
		int initial = 1 + random.nextInt(3);
		int maximum = initial + random.nextInt(4);
		MemoryLimits limits = new MemoryLimits(initial, maximum);
		ByteArrayMemory reference = new ByteArrayMemory(limits);
		int runs = random.nextInt(6);
		for (int i = 0; i < runs; i++) {
			byte[] data = new byte[1 + random.nextInt(3 * PAGE / 2)];
			random.nextBytes(data);
			int address = random.nextInt((initial * PAGE - data.length + 1 > 0) ? initial * PAGE - data.length + 1 : 1);
			if (address + data.length <= initial * PAGE) {
				reference.write(address, data);
			}
		}
		PageImage image = PageImage.capture(reference);
		byte[] imageBytes = reference.readBytes(0, initial * PAGE);
		DataSegment[] segments = { PassiveDataSegment.EMPTY, new PassiveDataSegment(randomBytes(random, 300)),
				new PassiveDataSegment(randomBytes(random, 5)) };
		reference.initialize(null, segments.clone());
		CopyOnWriteMemory memory = new CopyOnWriteMemory(limits, image, UNLIMITED);
		memory.zero();
		memory.initialize(null, segments.clone());
		CopyOnWriteMemory sibling = initialized(limits, image);

		List<String> log = new ArrayList<>();
		for (int step = 0; step < steps; step++) {
			Operation operation = randomOperation(random, reference.pages());
			String expected = outcome(operation.action, reference);
			String actual = outcome(operation.action, memory);
			log.add(operation.name + " -> " + expected);
			assertThat(actual).as("seed %d step %d %s after %s", seed, step, operation.name, tail(log))
				.isEqualTo(expected);
		}
		assertThat(memory.pages()).isEqualTo(reference.pages());
		assertThat(memory.readBytes(0, memory.pages() * PAGE)).as("seed %d final content", seed)
			.isEqualTo(reference.readBytes(0, reference.pages() * PAGE));
		assertThat(memory.copiedPages()).isLessThanOrEqualTo(memory.pages());
		assertThat(sibling.readBytes(0, initial * PAGE)).as("seed %d sibling", seed).isEqualTo(imageBytes);
		assertThat(initialized(limits, image).readBytes(0, initial * PAGE)).isEqualTo(imageBytes);
	}

	private static List<String> tail(List<String> log) {
		return log.subList(Math.max(0, log.size() - 6), log.size());
	}

	private record Operation(String name, Function<Memory, Object> action) {
	}

	private static int address(Random random, int pages, int width) {
		int size = pages * PAGE;
		return switch (random.nextInt(10)) {
			case 0 -> size - width + random.nextInt(2 * width + 1) - width; // around the
																			// end
			case 1 -> PAGE * random.nextInt(pages + 1) - random.nextInt(2 * width + 1); // across
																						// a
																						// page
																						// boundary
			case 2 -> (random.nextInt(20) == 0) ? -random.nextInt(10) - 1 : random.nextInt(size + 2 * PAGE);
			case 3 -> Integer.MAX_VALUE - random.nextInt(8);
			default -> random.nextInt(Math.max(1, size - width));
		};
	}

	private static int aligned(Random random, int pages, int width) {
		int address = (random.nextInt(8) == 0) ? pages * PAGE - width * random.nextInt(3)
				: random.nextInt(pages * PAGE);
		return address & ~(width - 1);
	}

	private static Operation randomOperation(Random random, int pages) {
		int kind = random.nextInt(46);
		int a = address(random, pages, 8);
		int b = address(random, pages, 8);
		int n = (random.nextInt(4) == 0) ? random.nextInt(3 * PAGE) : random.nextInt(300);
		int x = random.nextInt();
		long y = random.nextLong();
		int aa = aligned(random, pages, 8);
		int ai = aligned(random, pages, 4);
		int as = aligned(random, pages, 2);
		int ab = aligned(random, pages, 1);
		byte[] data = (kind == 16) ? randomBytes(random, n) : new byte[0];
		int offset = (random.nextInt(4) == 0) ? random.nextInt(n + 3) - 1 : 0;
		int length = (random.nextInt(4) == 0) ? random.nextInt(n + 3) - 1 : n - Math.max(offset, 0);
		return switch (kind) {
			case 0 -> new Operation("read " + a, (m) -> m.read(a));
			case 1 -> new Operation("readBytes " + a + "," + n, (m) -> Arrays.hashCode(m.readBytes(a, n)));
			case 2 -> new Operation("readShort " + a, (m) -> m.readShort(a));
			case 3 -> new Operation("readU16 " + a, (m) -> m.readU16(a));
			case 4 -> new Operation("readInt " + a, (m) -> m.readInt(a));
			case 5 -> new Operation("readU32 " + a, (m) -> m.readU32(a));
			case 6 -> new Operation("readLong " + a, (m) -> m.readLong(a));
			case 7 -> new Operation("readFloat " + a, (m) -> Float.floatToRawIntBits(m.readFloat(a)));
			case 8 -> new Operation("readDouble " + a, (m) -> Double.doubleToRawLongBits(m.readDouble(a)));
			case 9 -> new Operation("readF32/F64/U8/I8 " + a,
					(m) -> m.readF32(a) + "/" + m.readF64(a) + "/" + m.readU8(a) + "/" + m.readI8(a));
			case 10 -> new Operation("writeByte " + a, (m) -> {
				m.writeByte(a, (byte) x);
				return null;
			});
			case 11 -> new Operation("writeShort " + a, (m) -> {
				m.writeShort(a, (short) x);
				return null;
			});
			case 12 -> new Operation("writeI32 " + a, (m) -> {
				m.writeI32(a, x);
				return null;
			});
			case 13 -> new Operation("writeLong " + a, (m) -> {
				m.writeLong(a, y);
				return null;
			});
			// raw bits, signalling NaNs included, must survive
			case 14 -> new Operation("writeF32 " + a, (m) -> {
				m.writeF32(a, Float.intBitsToFloat(x));
				return null;
			});
			case 15 -> new Operation("writeF64 " + a, (m) -> {
				m.writeF64(a, Double.longBitsToDouble(y));
				return null;
			});
			case 16 -> new Operation("write " + a + "," + offset + "," + length, (m) -> {
				m.write(a, data, offset, length);
				return null;
			});
			case 17 -> new Operation("fill " + a + ".." + (a + n), (m) -> {
				m.fill((byte) x, a, a + n);
				return null;
			});
			case 18 -> new Operation("fill0 " + a + ".." + (a + n), (m) -> {
				m.fill((byte) 0, a, a + n);
				return null;
			});
			case 19, 20 -> new Operation("copy " + b + "->" + a + "," + n, (m) -> {
				m.copy(a, b, n);
				return null;
			});
			case 21 -> {
				int near = Math.max(0, Math.min(a, pages * PAGE - n - 1));
				int shift = random.nextInt(64) - 32;
				yield new Operation("copy overlapping " + near + "->" + (near + shift) + "," + n, (m) -> {
					m.copy(near + shift, near, n);
					return null;
				});
			}
			case 22 -> new Operation("grow " + (x & 3), (m) -> m.grow(x & 3));
			case 23 -> new Operation("initPassiveSegment " + (x & 1) + 1, (m) -> {
				m.initPassiveSegment(1 + (x & 1), a, offset & 7, length & 15);
				return null;
			});
			case 24 -> new Operation("drop " + (1 + (x & 1)), (m) -> {
				m.drop(1 + (x & 1));
				return null;
			});
			case 25 -> new Operation("atomicReadInt/Long/Short/Byte", (m) -> m.atomicReadInt(ai) + "/"
					+ m.atomicReadLong(aa) + "/" + m.atomicReadShort(as) + "/" + m.atomicReadByte(ab));
			case 26 -> new Operation("atomicWrite*", (m) -> {
				m.atomicWriteInt(ai, x);
				m.atomicWriteLong(aa, y);
				m.atomicWriteShort(as, (short) x);
				m.atomicWriteByte(ab, (byte) y);
				return null;
			});
			case 27 -> new Operation("atomic int rmw " + ai,
					(m) -> m.atomicAddInt(ai, x) + "/" + m.atomicAndInt(ai, x >>> 3) + "/" + m.atomicOrInt(ai, x) + "/"
							+ m.atomicXorInt(ai, 77) + "/" + m.atomicXchgInt(ai, x) + "/" + m.atomicCmpxchgInt(ai, x, 5)
							+ "/" + m.atomicCmpxchgInt(ai, 4, 6));
			case 28 -> new Operation("atomic long rmw " + aa,
					(m) -> m.atomicAddLong(aa, y) + "/" + m.atomicAndLong(aa, y >>> 3) + "/" + m.atomicOrLong(aa, y)
							+ "/" + m.atomicXorLong(aa, 77) + "/" + m.atomicXchgLong(aa, y) + "/"
							+ m.atomicCmpxchgLong(aa, y, 5) + "/" + m.atomicCmpxchgLong(aa, 4, 6));
			case 29 -> new Operation("atomic short rmw " + as,
					(m) -> m.atomicAddShort(as, (short) x) + "/" + m.atomicAndShort(as, (short) (x >>> 3)) + "/"
							+ m.atomicOrShort(as, (short) x) + "/" + m.atomicXorShort(as, (short) 77) + "/"
							+ m.atomicXchgShort(as, (short) x) + "/" + m.atomicCmpxchgShort(as, (short) x, (short) 5)
							+ "/" + m.atomicCmpxchgShort(as, (short) 4, (short) 6));
			case 30 -> new Operation("atomic byte rmw " + ab,
					(m) -> m.atomicAddByte(ab, (byte) x) + "/" + m.atomicAndByte(ab, (byte) (x >>> 3)) + "/"
							+ m.atomicOrByte(ab, (byte) x) + "/" + m.atomicXorByte(ab, (byte) 77) + "/"
							+ m.atomicXchgByte(ab, (byte) x) + "/" + m.atomicCmpxchgByte(ab, (byte) x, (byte) 5) + "/"
							+ m.atomicCmpxchgByte(ab, (byte) 4, (byte) 6));
			case 31 -> new Operation("atomicNotify/Fence", (m) -> {
				m.atomicFence();
				return m.atomicNotify(ai, 1);
			});
			case 32 -> new Operation("atomicWait", (m) -> m.atomicWait(ai, x, 1L));
			case 33 -> new Operation("writeString/readString " + a, (m) -> {
				m.writeString(a, "héllo " + x);
				return m.readString(a, 6 + String.valueOf(x).length() + 1);
			});
			case 34 -> new Operation("writeCString/readCString " + a, (m) -> {
				m.writeCString(a, "c" + x, StandardCharsets.US_ASCII);
				return m.readCString(a);
			});
			case 35 ->
				new Operation("readI16/I32/I64 " + a, (m) -> m.readI16(a) + "/" + m.readI32(a) + "/" + m.readI64(a));
			case 36 -> new Operation("zero", (m) -> {
				if ((x & 15) == 0) {
					m.zero();
				}
				return null;
			});
			case 37 -> new Operation("pages/initial/maximum/shared",
					(m) -> m.pages() + "/" + m.initialPages() + "/" + m.maximumPages() + "/" + m.shared());
			default -> {
				// stores of every width at a boundary, then a read over them
				int at = PAGE * (1 + random.nextInt(pages)) - 1 - random.nextInt(8);
				yield new Operation("boundary stores " + at, (m) -> {
					m.writeLong(at, y);
					m.writeI32(at + 1, x);
					m.writeShort(at + 3, (short) x);
					return Arrays.hashCode(m.readBytes(at - 4, 16));
				});
			}
		};
	}

	private static String outcome(Function<Memory, Object> action, Memory memory) {
		try {
			return "= " + action.apply(memory);
		}
		catch (RuntimeException ex) {
			return "! " + ex.getClass().getName() + ": " + ex.getMessage();
		}
	}

	// ---- helpers

	private static byte[] randomBytes(Random random, int length) {
		byte[] bytes = new byte[Math.max(0, length)];
		random.nextBytes(bytes);
		return bytes;
	}

	private static PageImage imageWith(int pages, int... dataPages) {
		ByteArrayMemory memory = new ByteArrayMemory(new MemoryLimits(pages, pages));
		for (int page : dataPages) {
			byte[] data = new byte[PAGE];
			new Random(page).nextBytes(data);
			memory.write(page * PAGE, data);
		}
		PageImage image = PageImage.capture(memory);
		assertThat(image.dataPages()).isEqualTo(dataPages.length);
		return image;
	}

	private static CopyOnWriteMemory initialized(MemoryLimits limits, PageImage image) {
		CopyOnWriteMemory memory = new CopyOnWriteMemory(limits, image, UNLIMITED);
		memory.zero();
		memory.initialize(null, new DataSegment[0]);
		return memory;
	}

}
