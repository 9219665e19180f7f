package dev.wasmspring.runtime;

/**
 * How many instances of one module exist. A snapshot; immutable.
 *
 * @param live instances created and not yet closed or discarded
 * @param created instances created since the runtime started
 */
public record WasmInstanceCounts(long live, long created) {

}
