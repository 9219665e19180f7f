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

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.wasmspring.runtime.wasi.WasiConfig;
import dev.wasmspring.runtime.wasi.WasiConfig.Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Guests of many instances hoarding descriptors, each within its own limit: together they
 * stop at the runtime's limit with {@code ENFILE}, and the application can still open
 * files.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WasiOpenFilesLimitTests {

	@TempDir
	Path sandbox;

	@Test
	void guestsTogetherStopAtTheRuntimesLimitAndTheHostStillOpensFiles() throws IOException {
		Files.writeString(this.sandbox.resolve("data.txt"), "data");
		try (WasmRuntime runtime = WasmRuntime.builder().withMaxWasiOpenFiles(100).build()) {
			defineHoarder(runtime, 40);
			List<WasmInstance> hoarders = new ArrayList<>();
			List<String> reports = new ArrayList<>();
			try {
				for (int i = 0; i < 4; i++) {
					WasmInstance hoarder = runtime.newInstance("hoarder");
					hoarders.add(hoarder);
					// the guest exits holding what it opened: its descriptors live as
					// long as its instance
					reports.add(hoarder.runCommand().stdout());
				}
				assertThat(reports).containsExactly("opened=40 errno=EMFILE\n", "opened=40 errno=EMFILE\n",
						"opened=20 errno=ENFILE\n", "opened=0 errno=ENFILE\n");
				assertThat(runtime.wasiOpenFiles().open()).isEqualTo(100);
				try (InputStream host = Files.newInputStream(this.sandbox.resolve("data.txt"))) {
					assertThat(host.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("data");
				}
			}
			finally {
				hoarders.forEach(WasmInstance::close);
			}
			// closed instances give their descriptors back
			assertThat(runtime.wasiOpenFiles().open()).isZero();
			try (WasmInstance next = runtime.newInstance("hoarder")) {
				assertThat(next.runCommand().stdout()).isEqualTo("opened=40 errno=EMFILE\n");
			}
		}
	}

	@Test
	void theDefaultLimitIsHalfOfTheProcesssOpenFileLimit() {
		long processLimit = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
		try (WasmRuntime runtime = WasmRuntime.builder().build()) {
			assertThat(runtime.wasiOpenFiles().limit()).isEqualTo((int) Math.min(Integer.MAX_VALUE, processLimit / 2));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> WasmRuntime.builder().withMaxWasiOpenFiles(0))
			.withMessage("A limit of open WASI files must be at least 1: 0");
	}

	/**
	 * The attack as reported: {@code ulimit -n 1024}, ten guests at the default 128 open
	 * files each. In a JVM of its own, with the default runtime limit.
	 */
	@Test
	void tenGuestsAtTheirDefaultLimitLeaveTheApplicationFilesUnderUlimit1024() throws Exception {
		Files.writeString(this.sandbox.resolve("data.txt"), "data");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder("bash", "-c",
				"ulimit -n 1024 && exec \"$0\" -Xlog:class+load=info -cp \"$1\" \"$2\" \"$3\"", java,
				System.getProperty("java.class.path"), DescriptorHoarders.class.getName(), this.sandbox.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		// 512 for the guests (half of 1024): four at 128, the fifth stopped by the
		// runtime's limit
		assertThat(output).contains("limit=512", "guest 0: opened=128 errno=EMFILE", "guest 3: opened=128 errno=EMFILE",
				"guest 4: opened=0 errno=ENFILE", "guest 9: opened=0 errno=ENFILE", "host opened 100 files");
		// the process's limit is read without the JVM's management interface (a hundred
		// classes on a fresh JVM's first file open)
		assertThat(output).contains(" dev.wasmspring.runtime.internal.wasi.WasiOpenFiles source:")
			.doesNotContain(" java.lang.management.ManagementFactory source:");
	}

	/**
	 * Run in a JVM under {@code ulimit -n 1024}: ten hoarding guests, then the
	 * application opens files.
	 */
	static final class DescriptorHoarders {

		public static void main(String[] args) throws IOException {
			Path sandbox = Path.of(args[0]);
			try (WasmRuntime runtime = WasmRuntime.builder().build()) {
				System.out.println("limit=" + runtime.wasiOpenFiles().limit());
				defineHoarderIn(runtime, sandbox, WasiConfig.DEFAULT_MAX_OPEN_FILES);
				List<WasmInstance> guests = new ArrayList<>();
				for (int i = 0; i < 10; i++) {
					WasmInstance guest = runtime.newInstance("hoarder");
					guests.add(guest);
					System.out.print("guest " + i + ": " + guest.runCommand().stdout());
				}
				List<InputStream> host = new ArrayList<>();
				for (int i = 0; i < 100; i++) {
					host.add(Files.newInputStream(sandbox.resolve("data.txt")));
				}
				System.out.println("host opened " + host.size() + " files");
				for (InputStream stream : host) {
					stream.close();
				}
				guests.forEach(WasmInstance::close);
			}
		}

	}

	private void defineHoarder(WasmRuntime runtime, int maxOpenFiles) {
		defineHoarderIn(runtime, this.sandbox, maxOpenFiles);
	}

	static void defineHoarderIn(WasmRuntime runtime, Path sandbox, int maxOpenFiles) {
		runtime.define(TestModules.definition("hoarder", "wasi-hostile.wasm")
			.withWasi(WasiConfig.enabled()
				.withArguments(List.of("wasi-hostile", "openmany", "/sb/data.txt", "100000"))
				.withStdout(Output.CAPTURE)
				.withMaxOpenFiles(maxOpenFiles)
				.withDirectory("/sb", sandbox, false)));
	}

}
