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

package dev.wasmspring.runtime.internal.instance;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.wasmspring.runtime.statistics.WasmInstanceCounts;

/**
 * Counts the instances a runtime created and ended, in all and per module name; the per
 * name counts survive redefinitions, so that instances of a replaced version still count.
 * Live instances are created minus ended: two counter updates per instance, not three.
 */
public final class InstanceTally {

	private final LongAdder created = new LongAdder();

	private final LongAdder ended = new LongAdder();

	private final ConcurrentHashMap<String, Counters> byName = new ConcurrentHashMap<>();

	public Counters countersFor(String name) {
		return this.byName.computeIfAbsent(name, (key) -> new Counters());
	}

	public WasmInstanceCounts counts(String name) {
		Counters counters = this.byName.get(name);
		return (counters != null) ? counters.snapshot() : new WasmInstanceCounts(0, 0);
	}

	public WasmInstanceCounts total() {
		// ended first: every instance counted as ended is then also counted as created,
		// so live is never negative
		long ended = this.ended.sum();
		long created = this.created.sum();
		return new WasmInstanceCounts(created - ended, created);
	}

	public void created(Counters counters) {
		this.created.increment();
		counters.created.increment();
	}

	public void ended(Counters counters) {
		this.ended.increment();
		counters.ended.increment();
	}

	/** Instances created and ended under one module name. */
	public static final class Counters {

		final LongAdder created = new LongAdder();

		final LongAdder ended = new LongAdder();

		WasmInstanceCounts snapshot() {
			// ended first, so that live is never negative
			long ended = this.ended.sum();
			return new WasmInstanceCounts(this.created.sum() - ended, this.created.sum());
		}

	}

}
