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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import org.jspecify.annotations.Nullable;

/**
 * The content a module's active data segments give its memory, worked out once when the
 * module is loaded: the segments applied in order and merged into contiguous runs of
 * bytes, so a new instance gets them with one copy per run instead of evaluating each
 * segment's offset and copying its bytes twice. Immutable and shared by every instance of
 * the module.
 */
public final class MemoryImage {

	private final int[] offsets;

	private final byte[][] runs;

	private MemoryImage(int[] offsets, byte[][] runs) {
		this.offsets = offsets;
		this.runs = runs;
	}

	private record Segment(int offset, byte[] data) {

		public int end() {
			return this.offset + this.data.length;
		}

	}

	/**
	 * Work out the image of a module's memory, or {@code null} if the engine must apply
	 * the segments itself: when the module defines no memory or several, or a segment's
	 * offset is not a constant, or a segment does not fit the initial memory (the engine
	 * then fails the instantiation as the specification requires).
	 * @param module the parsed module
	 * @return the image, or {@code null}
	 */
	public static @Nullable MemoryImage of(WasmModule module) {
		boolean oneMemory = module.memorySection().map((section) -> section.memoryCount() == 1).orElse(false);
		if (!oneMemory || module.importSection().count(ExternalType.MEMORY) > 0) {
			return null;
		}
		long initialBytes = (long) module.memorySection().get().getMemory(0).limits().initialPages() * Memory.PAGE_SIZE;
		List<Segment> active = new ArrayList<>();
		for (DataSegment declared : module.dataSection().dataSegments()) {
			if (declared instanceof ActiveDataSegment segment) {
				Integer offset = constantOffset(segment);
				if (segment.index() != 0 || offset == null) {
					return null;
				}
				byte[] data = segment.data();
				if (offset < 0 || (long) offset + data.length > initialBytes) {
					return null;
				}
				active.add(new Segment(offset, data));
			}
		}
		return merge(active);
	}

	private static @Nullable Integer constantOffset(ActiveDataSegment segment) {
		List<Instruction> expression = segment.offsetInstructions();
		boolean constant = !expression.isEmpty() && expression.get(0).opcode() == OpCode.I32_CONST
				&& expression.subList(1, expression.size()).stream().allMatch((i) -> i.opcode() == OpCode.END);
		return constant ? (int) expression.get(0).operand(0) : null;
	}

	private static MemoryImage merge(List<Segment> segments) {
		List<Segment> byOffset = new ArrayList<>(segments);
		byOffset.sort(Comparator.comparingInt(Segment::offset));
		List<int[]> spans = new ArrayList<>();
		for (Segment segment : byOffset) {
			if (segment.data.length == 0) {
				continue;
			}
			int[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
			if (last != null && segment.offset <= last[1]) {
				last[1] = Math.max(last[1], segment.end());
			}
			else {
				spans.add(new int[] { segment.offset, segment.end() });
			}
		}
		int[] offsets = new int[spans.size()];
		byte[][] runs = new byte[spans.size()][];
		for (int i = 0; i < runs.length; i++) {
			offsets[i] = spans.get(i)[0];
			runs[i] = new byte[spans.get(i)[1] - spans.get(i)[0]];
		}
		// in declaration order, so a later segment overwrites an earlier one where they
		// overlap
		for (Segment segment : segments) {
			if (segment.data.length == 0) {
				continue;
			}
			int run = Arrays.binarySearch(offsets, segment.offset);
			run = (run >= 0) ? run : -run - 2;
			System.arraycopy(segment.data, 0, runs[run], segment.offset - offsets[run], segment.data.length);
		}
		return new MemoryImage(offsets, runs);
	}

	/**
	 * Copy the image into a new instance's memory.
	 * @param memory the memory, of at least the module's initial size
	 */
	public void copyInto(Memory memory) {
		for (int i = 0; i < this.runs.length; i++) {
			memory.write(this.offsets[i], this.runs[i], 0, this.runs[i].length);
		}
	}

	/**
	 * Hand each merged run of bytes to a consumer, with its address, in address order.
	 * @param consumer the consumer of each run and its address
	 */
	public void forEachRun(java.util.function.ObjIntConsumer<byte[]> consumer) {
		for (int i = 0; i < this.runs.length; i++) {
			consumer.accept(this.runs[i], this.offsets[i]);
		}
	}

	public int runCount() {
		return this.runs.length;
	}

	public long byteCount() {
		long bytes = 0;
		for (byte[] run : this.runs) {
			bytes += run.length;
		}
		return bytes;
	}

}
