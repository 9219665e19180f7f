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

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.MemorySection;
import dev.wasmspring.runtime.WasmRuntime;
import org.jspecify.annotations.Nullable;

/**
 * What the raw Chicory variants share: parsing a module once, knowing whether it is a
 * reactor, and the memory limit the starter would apply.
 */
final class Chicory {

	static final String INITIALIZE = "_initialize";

	private Chicory() {
	}

	static WasmModule parse(byte[] bytes) {
		return Parser.parse(bytes);
	}

	/**
	 * A reactor's {@code _initialize} must run once on every new instance before any
	 * other export.
	 */
	static boolean isReactor(WasmModule module) {
		for (int i = 0; i < module.exportSection().exportCount(); i++) {
			var export = module.exportSection().getExport(i);
			if (export.exportType() == ExternalType.FUNCTION && INITIALIZE.equals(export.name())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The module's own memory bounded as the starter bounds it by default (16 MiB), so
	 * that a baseline and the starter run the same module under the same limit;
	 * {@code null} for a module without a memory of its own.
	 */
	static MemoryLimits starterLimits(WasmModule module) {
		return starterLimits(module, null);
	}

	static MemoryLimits starterLimits(WasmModule module, @Nullable Long maxMemory) {
		MemorySection memories = module.memorySection().orElse(null);
		if (memories == null || memories.memoryCount() == 0) {
			return null;
		}
		MemoryLimits declared = memories.getMemory(0).limits();
		int limitPages = (int) (((maxMemory != null) ? maxMemory : WasmRuntime.DEFAULT_MAX_MEMORY_BYTES) / PAGE_SIZE);
		return new MemoryLimits(declared.initialPages(), Math.min(declared.maximumPages(), limitPages),
				declared.shared());
	}

	private static final long PAGE_SIZE = 64 * 1024;

}
