package dev.wasmspring.runtime;

/**
 * The usage of a runtime's memory budget at one moment ({@link WasmRuntime#memoryUsage()}): the heap every
 * instance together may make the host hold, and how much of it is reserved. Immutable.
 *
 * @param budgetBytes the budget ({@link WasmRuntime.Builder#withMemoryBudget(Long)})
 * @param reservedBytes the bytes reserved now
 * @param peakBytes the most bytes reserved at once since the runtime was built
 * @param refusals how many reservations the budget refused since the runtime was built
 */
public record WasmMemoryUsage(long budgetBytes, long reservedBytes, long peakBytes, long refusals) {

	/**
	 * Return the bytes still free.
	 * @return the budget less what is reserved
	 */
	public long freeBytes() {
		return Math.max(0, this.budgetBytes - this.reservedBytes);
	}

}
