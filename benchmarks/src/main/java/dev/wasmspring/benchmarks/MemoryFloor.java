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

package dev.wasmspring.benchmarks;

import java.util.ArrayList;
import java.util.List;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * The least work any per-request instance must do: give the module fresh initial memory
 * holding its data segments, and nothing else (no engine, no instance, no call). Memory
 * is laid out in 64 KiB pages as the engine's memory is. Two ways: allocate zeroed pages
 * and copy every segment into them (the floor), or copy an image of the initialised pages
 * built once (what a memory that starts from a pre-built image would do).
 */
final class MemoryFloor implements RequestCycle {

	private static final int PAGE_SIZE = 65536;

	private record Segment(int offset, byte[] data) {
	}

	private final int pages;

	private final Segment[] segments;

	private final byte[][] image;

	private final boolean fromImage;

	private final int probe;

	private final long expected;

	MemoryFloor(BenchmarkModule module, boolean fromImage) {
		WasmModule parsed = Chicory.parse(module.bytes());
		this.pages = parsed.memorySection()
			.filter((section) -> section.memoryCount() > 0)
			.map((section) -> section.getMemory(0).limits().initialPages())
			.orElse(0);
		this.segments = activeSegments(parsed);
		this.fromImage = fromImage;
		this.image = fill(new byte[this.pages][], this.segments);
		if (this.segments.length > 0) {
			Segment last = this.segments[this.segments.length - 1];
			this.probe = last.offset + last.data.length - 1;
			this.expected = last.data[last.data.length - 1] & 0xFF;
		}
		else {
			this.probe = this.pages * PAGE_SIZE - 1;
			this.expected = 0;
		}
	}

	private static Segment[] activeSegments(WasmModule module) {
		List<Segment> segments = new ArrayList<>();
		for (DataSegment segment : module.dataSection().dataSegments()) {
			if (segment instanceof ActiveDataSegment active) {
				Instruction offset = active.offsetInstructions().get(0);
				if (offset.opcode() != OpCode.I32_CONST) {
					throw new IllegalArgumentException("The memory floor needs constant data segment offsets");
				}
				segments.add(new Segment((int) offset.operand(0), active.data()));
			}
		}
		return segments.toArray(new Segment[0]);
	}

	private static byte[][] fill(byte[][] pages, Segment[] segments) {
		for (int i = 0; i < pages.length; i++) {
			pages[i] = new byte[PAGE_SIZE];
		}
		for (Segment segment : segments) {
			int address = segment.offset;
			int copied = 0;
			while (copied < segment.data.length) {
				int inPage = address & (PAGE_SIZE - 1);
				int chunk = Math.min(segment.data.length - copied, PAGE_SIZE - inPage);
				System.arraycopy(segment.data, copied, pages[address >>> 16], inPage, chunk);
				address += chunk;
				copied += chunk;
			}
		}
		return pages;
	}

	@Override
	public long run() {
		byte[][] memory = new byte[this.pages][];
		if (this.fromImage) {
			for (int i = 0; i < memory.length; i++) {
				memory[i] = this.image[i].clone();
			}
		}
		else {
			fill(memory, this.segments);
		}
		return (memory.length > 0) ? memory[this.probe >>> 16][this.probe & (PAGE_SIZE - 1)] & 0xFF : 0;
	}

	@Override
	public long expected() {
		return this.expected;
	}

}
