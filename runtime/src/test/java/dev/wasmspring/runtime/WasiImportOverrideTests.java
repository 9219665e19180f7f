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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import dev.wasmspring.host.WasmImport;
import dev.wasmspring.host.WasmImportBinder;
import dev.wasmspring.runtime.exception.WasmLinkException;
import dev.wasmspring.runtime.function.WasmMemory;
import dev.wasmspring.runtime.wasi.WasiConfig;
import dev.wasmspring.runtime.wasi.WasmCommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A host function named for a WASI import replaces the sandbox's own function for that
 * import (and bypasses the sandbox for it); the module's other WASI imports stay the
 * sandbox's. A module restricted to other import modules fails to start, saying so.
 */
class WasiImportOverrideTests {

	private final FdWrite fdWrite = new FdWrite();

	private final WasmRuntime runtime = WasmRuntime.builder()
		.withHostFunctions(WasmImportBinder.standard().bindAll(this.fdWrite))
		.build();

	@AfterEach
	void close() {
		this.runtime.close();
	}

	@Test
	void hostFunctionForAWasiImportReplacesTheSandboxsOwn() {
		this.runtime.define(TestModules.definition("hello", "wasi-hello.wasm")
			.withWasi(WasiConfig.enabled().withArguments(List.of("hello")).withStdout(WasiConfig.Output.CAPTURE)));
		try (WasmInstance instance = this.runtime.newInstance("hello")) {
			WasmCommandResult result = instance.runCommand();
			assertThat(result.exitCode()).isZero();
			assertThat(result.stdout()).isEmpty();
		}
		assertThat(this.fdWrite.written.toString(StandardCharsets.UTF_8)).contains("1:hello from wasi",
				"2:warn from wasi\n", "1:arg[0]=hello\n");
	}

	@Test
	void moduleRestrictedToOtherImportModulesFailsToStartSayingSo() {
		assertThatExceptionOfType(WasmLinkException.class)
			.isThrownBy(() -> this.runtime.define(TestModules.definition("hello", "wasi-hello.wasm")
				.withWasi(WasiConfig.enabled())
				.withAllowedImportModules(Set.of("env"))))
			.withMessageContaining("wasi_snapshot_preview1.fd_write")
			.withMessageContaining("add 'wasi_snapshot_preview1' to the allowed imports of module 'hello'");
	}

	/** Collects what the guest writes, as "fd:text", instead of WASI's fd_write. */
	public static final class FdWrite {

		final ByteArrayOutputStream written = new ByteArrayOutputStream();

		@WasmImport(module = "wasi_snapshot_preview1", name = "fd_write")
		public int fdWrite(int fd, int iovs, int count, int writtenAddress, WasmMemory memory) {
			int total = 0;
			for (int i = 0; i < count; i++) {
				int address = memory.readInt(iovs + i * 8);
				int length = memory.readInt(iovs + i * 8 + 4);
				if (length > 0) {
					this.written.writeBytes((fd + ":").getBytes(StandardCharsets.UTF_8));
					this.written.writeBytes(memory.read(address, length));
				}
				total += length;
			}
			memory.writeInt(writtenAddress, total);
			return 0;
		}

	}

}
