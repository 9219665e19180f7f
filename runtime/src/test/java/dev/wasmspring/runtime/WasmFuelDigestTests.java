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

package dev.wasmspring.runtime;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.compile.CompiledModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module with a fuel budget is compiled from its bytes rewritten to meter themselves,
 * but the runtime's statistics name the digest of the module's own bytes, the one
 * {@code sha256sum} prints and a digest pin names, with fuel as without.
 */
@Timeout(60)
class WasmFuelDigestTests {

	@Test
	void statisticsNameTheDigestOfTheModulesOwnBytesWithFuelAsWithout() throws NoSuchAlgorithmException {
		String own = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(TestModules.bytes("fuel.wasm")));
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build()) {
			runtime.define(TestModules.definition("metered", "fuel.wasm").withFuel(100_000L));
			runtime.define(TestModules.definition("unmetered", "fuel.wasm"));

			assertThat(runtime.statistics().modules()).containsEntry("metered", own).containsEntry("unmetered", own);
			// the metered code itself is another module, cached under its own digest
			try (CompiledModule code = runtime.module("metered")) {
				assertThat(code.digest()).isNotEqualTo(own);
			}
		}
	}

}
