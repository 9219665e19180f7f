package dev.wasmspring.runtime.internal.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * The effective size range of a module's memory, in 64 KiB pages: its declared minimum and the smaller of its
 * declared maximum and the configured limit. Immutable.
 *
 * @param minPages the initial size
 * @param maxPages the most the memory may grow to
 */
public record MemoryBounds(int minPages, int maxPages) {

	/** The most pages the engine can address. */
	public static final int ENGINE_MAX_PAGES = Memory.RUNTIME_MAX_PAGES;

	/**
	 * Return the bounds in the engine's terms.
	 * @return the engine's limits
	 */
	public MemoryLimits toLimits() {
		return new MemoryLimits(this.minPages, this.maxPages);
	}

}
