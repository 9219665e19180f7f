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

import java.util.Arrays;

/**
 * The modules of the host-call benchmark: both export the same {@code set_many} loop;
 * they differ in how many functions they import.
 */
enum HostLoopModule {

	/** host-loop.wasm: imports {@code env.set} only. */
	ONE("one", "wasm/host-loop.wasm", false),

	/** imports.wasm: imports eleven host functions, {@code env.set} among them. */
	ELEVEN("eleven", "wasm/imports.wasm", true);

	private final String id;

	private final String resource;

	private final boolean importsOthers;

	HostLoopModule(String id, String resource, boolean importsOthers) {
		this.id = id;
		this.resource = resource;
		this.importsOthers = importsOthers;
	}

	static HostLoopModule of(String id) {
		return Arrays.stream(values())
			.filter((module) -> module.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No host-call module '" + id + "'"));
	}

	String id() {
		return this.id;
	}

	byte[] bytes() {
		return BenchmarkModule.read(this.resource);
	}

	/** Whether the module also imports the ten other functions of imports.wasm. */
	boolean importsOthers() {
		return this.importsOthers;
	}

}
