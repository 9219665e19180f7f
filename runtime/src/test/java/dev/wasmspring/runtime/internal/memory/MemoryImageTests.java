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

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasmspring.runtime.TestModules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module's data segments are merged once, at load time, into the runs of bytes a new
 * instance's memory gets.
 */
class MemoryImageTests {

	@Test
	void overlappingAndAdjacentSegmentsMergeIntoOneRunAndDistantOnesStayApart() {
		MemoryImage image = MemoryImage.of(parse("data-segments.wasm"));
		assertThat(image).isNotNull();
		// 100..109 ("aaaaaaaa", "BBBB" over its second half, "cc" right after) and
		// 60000..60002
		assertThat(image.runCount()).isEqualTo(2);
		assertThat(image.byteCount()).isEqualTo(13);
	}

	@Test
	void manyContiguousSegmentsBecomeOneRun() {
		MemoryImage image = MemoryImage.of(parse("big-memory.wasm"));
		assertThat(image).isNotNull();
		assertThat(image.runCount()).isEqualTo(1);
		assertThat(image.byteCount()).isEqualTo(1024 * 1024);
	}

	@Test
	void segmentThatDoesNotFitLeavesTheSegmentsToTheEngine() {
		assertThat(MemoryImage.of(parse("data-out-of-bounds.wasm"))).isNull();
	}

	@Test
	void moduleWithoutMemoryHasNoImage() {
		assertThat(MemoryImage.of(parse("add.wasm"))).isNull();
	}

	@Test
	void memoryWithoutDataHasAnEmptyImage() {
		MemoryImage image = MemoryImage.of(parse("loop.wasm"));
		assertThat(image).isNotNull();
		assertThat(image.runCount()).isZero();
	}

	private static WasmModule parse(String file) {
		return Parser.parse(TestModules.bytes(file));
	}

}
