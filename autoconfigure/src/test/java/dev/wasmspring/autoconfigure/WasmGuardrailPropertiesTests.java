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

package dev.wasmspring.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmTimeoutException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.module.WasmModuleDefinition;
import dev.wasmspring.runtime.wasi.WasmCommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code wasm.*} properties set each module's timeout, memory limit and WASI sandbox,
 * with global defaults of 10 seconds and 16 MB.
 */
class WasmGuardrailPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false", "wasm.modules.loop.location=classpath:wasm/loop.wasm");

	@TempDir
	Path directory;

	@Test
	void defaultsAreTenSecondsAndSixteenMegabytes() {
		this.contextRunner.run((context) -> {
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			assertThat(runtime.timeout("loop")).isEqualTo(Duration.ofSeconds(10));
			assertThat(runtime.maxMemoryBytes("loop")).isEqualTo(16L * 1024 * 1024);
		});
	}

	@Test
	void moduleTimeoutOverridesTheGlobalOneAndStopsARunawayCall() {
		this.contextRunner
			.withPropertyValues("wasm.timeout=5s", "wasm.modules.loop.timeout=150ms",
					"wasm.modules.other.location=classpath:wasm/loop.wasm")
			.run((context) -> {
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				assertThat(runtime.timeout("other")).isEqualTo(Duration.ofSeconds(5));
				assertThat(runtime.timeout("loop")).isEqualTo(Duration.ofMillis(150));
				try (WasmInstance instance = runtime.newInstance("loop")) {
					assertThatExceptionOfType(WasmTimeoutException.class).isThrownBy(() -> instance.call("spin"))
						.satisfies((timeout) -> assertThat(timeout.getTimeout()).isEqualTo(Duration.ofMillis(150)));
				}
				try (WasmInstance next = runtime.newInstance("loop")) {
					assertThat(next.call("ok")).isEqualTo(1);
				}
			});
	}

	@Test
	void fuelBudgetsAreSetGloballyAndPerModuleAndZeroTurnsThemOff() {
		this.contextRunner
			.withPropertyValues("wasm.fuel=1000", "wasm.modules.global.location=classpath:wasm/fuel.wasm",
					"wasm.modules.own.location=classpath:wasm/fuel.wasm", "wasm.modules.own.fuel=2000",
					"wasm.modules.free.location=classpath:wasm/fuel.wasm", "wasm.modules.free.fuel=0")
			.run((context) -> {
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				try (WasmInstance global = runtime.newInstance("global");
						WasmInstance own = runtime.newInstance("own");
						WasmInstance free = runtime.newInstance("free")) {
					assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> global.call("count", 200))
						.satisfies(
								(trap) -> assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.FUEL_EXHAUSTED))
						.withMessageContaining("fuel budget of 1000 units")
						.withMessageContaining("wasm.modules.global.fuel (or wasm.fuel for every module)");
					// 9 per iteration and 8 more
					assertThat(own.call("count", 200)).isEqualTo(200);
					assertThat(own.lastCallFuel()).isEqualTo(1808);
					assertThat(free.call("count", 200)).isEqualTo(200);
					assertThat(free.lastCallFuel()).isEqualTo(-1);
				}
			});
	}

	@Test
	void aFuelBudgetPerInstanceIsSetPerModuleAndNamedWhenItRunsOut() {
		this.contextRunner
			.withPropertyValues("wasm.modules.session.location=classpath:wasm/fuel.wasm",
					"wasm.modules.session.instance-fuel=3000")
			.run((context) -> {
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				try (WasmInstance session = runtime.newInstance("session")) {
					// 9 per iteration and 8 more: 1808 of 3000, then the second call runs
					// out
					assertThat(session.call("count", 200)).isEqualTo(200);
					assertThat(session.totalFuel()).isEqualTo(1808);
					assertThatExceptionOfType(WasmTrapException.class).isThrownBy(() -> session.call("count", 200))
						.satisfies(
								(trap) -> assertThat(trap.getKind()).isEqualTo(WasmTrapException.Kind.FUEL_EXHAUSTED))
						.withMessageContaining("fuel budget of 3000 units across its calls")
						.withMessageContaining("wasm.modules.session.instance-fuel");
				}
			});
		this.contextRunner.withPropertyValues("wasm.modules.loop.instance-fuel=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(InvalidWasmPropertyException.class)
				.rootCause()
				.hasMessageContaining("wasm.modules.loop.instance-fuel");
		});
	}

	@Test
	void aNegativeFuelBudgetFailsTheStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("wasm.modules.loop.fuel=-5").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(InvalidWasmPropertyException.class)
				.rootCause()
				.hasMessageContaining("wasm.modules.loop.fuel");
		});
	}

	@Test
	void tableElementLimitsAreSetGloballyAndPerModule() {
		this.contextRunner
			.withPropertyValues("wasm.max-table-elements=3001", "wasm.modules.small.location=classpath:wasm/bombs.wasm",
					"wasm.modules.large.location=classpath:wasm/bombs.wasm",
					"wasm.modules.large.max-table-elements=5001")
			.run((context) -> {
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				try (WasmInstance small = runtime.newInstance("small");
						WasmInstance large = runtime.newInstance("large")) {
					assertThat(small.call("table_bomb", 1000)).isEqualTo(3001);
					assertThat(large.call("table_bomb", 1000)).isEqualTo(5001);
				}
			});
	}

	@Test
	void moduleSizeLimitFailsTheStartupNamingTheModule() {
		this.contextRunner.withPropertyValues("wasm.max-module-size=100B", "wasm.compile-timeout=30s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.isInstanceOf(dev.wasmspring.runtime.exception.WasmModuleLoadException.class)
					.hasMessageContaining("'loop'")
					.hasMessageContaining("100 bytes");
			});
	}

	@Test
	void openFileLimitOfAWasiSandboxIsSet() throws IOException {
		Files.writeString(this.directory.resolve("file.txt"), "x");
		this.contextRunner
			.withPropertyValues("wasm.modules.hoarder.location=classpath:wasm/wasi-hostile.wasm",
					"wasm.modules.hoarder.wasi.enabled=true", "wasm.modules.hoarder.wasi.stdout=capture",
					"wasm.modules.hoarder.wasi.args=wasi-hostile,openmany,/sb/file.txt,1000",
					"wasm.modules.hoarder.wasi.max-open-files=7",
					"wasm.modules.hoarder.wasi.dirs[/sb].path=" + this.directory)
			.run((context) -> {
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				try (WasmInstance instance = runtime.newInstance("hoarder")) {
					WasmCommandResult result = instance.runCommand();
					assertThat(result.stdout()).isEqualTo("opened=7 errno=EMFILE\n");
				}
			});
	}

	@Test
	void openFileLimitOfAllWasiGuestsTogetherIsSet() throws IOException {
		Files.writeString(this.directory.resolve("file.txt"), "x");
		this.contextRunner
			.withPropertyValues("wasm.wasi-max-open-files=5",
					"wasm.modules.hoarder.location=classpath:wasm/wasi-hostile.wasm",
					"wasm.modules.hoarder.wasi.enabled=true", "wasm.modules.hoarder.wasi.stdout=capture",
					"wasm.modules.hoarder.wasi.args=wasi-hostile,openmany,/sb/file.txt,1000",
					"wasm.modules.hoarder.wasi.max-open-files=7",
					"wasm.modules.hoarder.wasi.dirs[/sb].path=" + this.directory)
			.run((context) -> {
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				try (WasmInstance first = runtime.newInstance("hoarder");
						WasmInstance second = runtime.newInstance("hoarder")) {
					assertThat(first.runCommand().stdout()).isEqualTo("opened=5 errno=ENFILE\n");
					assertThat(second.runCommand().stdout()).isEqualTo("opened=0 errno=ENFILE\n");
				}
			});
	}

	@Test
	void moduleMaxMemoryOverridesTheGlobalOne() {
		this.contextRunner
			.withPropertyValues("wasm.max-memory=1MB", "wasm.modules.big.location=classpath:wasm/loop.wasm",
					"wasm.modules.big.max-memory=4MB")
			.run((context) -> {
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				assertThat(runtime.maxMemoryBytes("loop")).isEqualTo(1024L * 1024);
				assertThat(runtime.maxMemoryBytes("big")).isEqualTo(4L * 1024 * 1024);
				try (WasmInstance small = runtime.newInstance("loop"); WasmInstance big = runtime.newInstance("big")) {
					assertThat(small.call("grow", 16)).isEqualTo(-1);
					assertThat(small.call("grow", 15)).isEqualTo(1);
					assertThat(big.call("grow", 63)).isEqualTo(1);
					assertThat(big.call("grow", 1)).isEqualTo(-1);
				}
			});
	}

	@Test
	void wasiArgumentsEnvironmentAndCapturedOutputComeFromProperties() {
		this.contextRunner
			.withPropertyValues("wasm.modules.hello.location=classpath:wasm/wasi-hello.wasm",
					"wasm.modules.hello.wasi.enabled=true", "wasm.modules.hello.wasi.args=hello,--loud",
					"wasm.modules.hello.wasi.env.GREETING=salut", "wasm.modules.hello.wasi.stdout=capture",
					"wasm.modules.hello.wasi.stderr=discard")
			.run((context) -> {
				try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("hello")) {
					WasmCommandResult result = instance.runCommand();
					assertThat(result.exitCode()).isZero();
					assertThat(result.stdout())
						.isEqualTo("hello from wasi\narg[0]=hello\narg[1]=--loud\nGREETING=salut\n");
					assertThat(result.stderr()).isEmpty();
				}
			});
	}

	@Test
	void captureLimitComesFromProperties() {
		this.contextRunner
			.withPropertyValues("wasm.modules.hello.location=classpath:wasm/wasi-hello.wasm",
					"wasm.modules.hello.wasi.enabled=true", "wasm.modules.hello.wasi.stdout=capture",
					"wasm.modules.hello.wasi.capture-limit=5B")
			.run((context) -> {
				try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("hello")) {
					assertThat(instance.runCommand().stdout()).startsWith("hello\n[output truncated: ")
						.contains("capture limit of 5 bytes");
				}
			});
	}

	@Test
	void wasiDirectoriesWithAndWithoutBracketsAreReadOnlyWhenSaid() throws IOException {
		Path data = Files.createDirectories(this.directory.resolve("data"));
		Path published = Files.createDirectories(this.directory.resolve("published"));
		Files.writeString(published.resolve("notice.txt"), "read me");
		String files = "wasm.modules.files.";
		this.contextRunner
			.withPropertyValues(files + "location=classpath:wasm/wasi-files.wasm", files + "wasi.enabled=true",
					files + "wasi.stdout=capture", files + "wasi.stderr=capture",
					files + "wasi.dirs[/data].path=" + data, files + "wasi.dirs.published.path=" + published,
					files + "wasi.dirs.published.read-only=true")
			.run((context) -> {
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				assertThat(runtime.definition("files").wasi().directories()).containsOnlyKeys("/data", "/published");
				WasmCommandResult read = run(runtime, "read", "/published/notice.txt");
				assertThat(read.stdout()).isEqualTo("read me");
				WasmCommandResult refused = run(runtime, "write", "/published/notice.txt", "defaced");
				assertThat(refused.exitCode()).isEqualTo(2);
				assertThat(refused.stderr()).isEqualTo("error: Read-only file system\n");
				assertThat(published.resolve("notice.txt")).hasContent("read me");
				assertThat(run(runtime, "write", "/data/note.txt", "kept").exitCode()).isZero();
				assertThat(data.resolve("note.txt")).hasContent("kept");
			});
	}

	@Test
	void wasiDirectoryWithoutPathFailsStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("wasm.modules.files.location=classpath:wasm/wasi-files.wasm",
					"wasm.modules.files.wasi.enabled=true", "wasm.modules.files.wasi.dirs[/data].read-only=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new WasmModuleLoadFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("WASM module 'files'",
						"WASI directory '/data' has no host path; set wasm.modules.files.wasi.dirs[/data].path");
			});
	}

	private static WasmCommandResult run(WasmRuntime runtime, String... args) {
		// the arguments are per run here, so each run gets a definition of its own
		WasmModuleDefinition definition = runtime.definition("files");
		List<String> argv = new ArrayList<>(List.of("wasi-files"));
		argv.addAll(List.of(args));
		runtime.define(definition.withWasi(definition.wasi().withArguments(argv)));
		try (WasmInstance instance = runtime.newInstance("files")) {
			return instance.runCommand();
		}
	}

}
