package dev.wasmspring.runtime.internal.memory;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import dev.wasmspring.runtime.TestModules;

/**
 * A module's data segments are merged once, at load time, into the runs of bytes a new instance's memory gets.
 */
class MemoryImageTests {

	@Test
	void overlappingAndAdjacentSegmentsMergeIntoOneRunAndDistantOnesStayApart() {
		MemoryImage image = MemoryImage.of(parse("data-segments.wasm"));
		assertThat(image).isNotNull();
		// 100..109 ("aaaaaaaa", "BBBB" over its second half, "cc" right after) and 60000..60002
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
