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

import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code wasm.*} property out of its range, or a key under a module that is not a
 * setting, fails startup with an analysis naming the property, the value and what is
 * accepted.
 */
class InvalidWasmPropertyFailureAnalyzerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false", "wasm.modules.counter.location=classpath:wasm/counter.wasm");

	@Test
	void analyzerIsRegisteredForSpringBootsFailureAnalysis() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {
			}))).hasAtLeastOneElementOfType(InvalidWasmPropertyFailureAnalyzer.class);
	}

	@Test
	void aNegativeModuleTimeoutFailsStartup() {
		assertInvalid("wasm.modules.counter.timeout", "-5ms", "a duration from 0 (no limit) to 106751d");
	}

	@Test
	void aNegativeDefaultTimeoutFailsStartup() {
		assertInvalid("wasm.timeout", "-1s", "a duration from 0 (no limit) to 106751d");
	}

	@Test
	void aTimeoutTooLongToTimeFailsStartup() {
		assertInvalid("wasm.timeout", "1000000d", "a duration from 0 (no limit) to 106751d");
	}

	@Test
	void aNegativeDefaultMemoryLimitFailsStartup() {
		assertInvalid("wasm.max-memory", "-1MB", "a size from 64KB (one WebAssembly page) to 4GB");
	}

	@Test
	void aModuleMemoryLimitAboveFourGigabytesFailsStartup() {
		assertInvalid("wasm.modules.counter.max-memory", "5GB", "a size from 64KB (one WebAssembly page) to 4GB");
	}

	@Test
	void aDigestThatIsNoDigestFailsStartupAsSuchRatherThanAsAMismatch() {
		assertInvalid("wasm.modules.counter.sha256", "not-a-digest", "a SHA-256 digest is 64 hexadecimal digits");
	}

	@Test
	void aNegativeCompileTimeoutFailsStartup() {
		assertInvalid("wasm.compile-timeout", "-1s", "a duration from 0 (no limit) to 106751d");
	}

	@Test
	void aModuleSizeLimitOfNothingFailsStartup() {
		assertInvalid("wasm.max-module-size", "0B", "a size of at least 1B");
	}

	@Test
	void aNegativeTableLimitFailsStartup() {
		assertInvalid("wasm.modules.counter.max-table-elements", "-1", "a count of 0 or more");
	}

	@Test
	void anOpenFileLimitOfNoneFailsStartup() {
		assertInvalid("wasm.modules.counter.wasi.max-open-files", "0", "a count of at least 1");
	}

	@Test
	void aRuntimeOpenFileLimitOfNoneFailsStartup() {
		assertInvalid("wasm.wasi-max-open-files", "0", "a count of at least 1");
	}

	@Test
	void aNegativeCaptureLimitFailsStartup() {
		assertInvalid("wasm.modules.counter.wasi.capture-limit", "-1B", "a size of 0 (capture nothing) or more");
	}

	@Test
	void anUnknownKeyUnderAModulesWasiFailsStartupNamingTheKeysThatExist() {
		this.contextRunner.withPropertyValues("wasm.modules.counter.wasi.stdin=hello").run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("Property 'wasm.modules.counter.wasi.stdin' is not a "
					+ "setting: 'stdin' is not one of the settings under wasm.modules.counter.wasi, which are: args, "
					+ "capture-limit, dirs, enabled, env, max-open-files, stderr, stdout (see docs/configuration.md).");
			assertThat(analysis.getAction()).startsWith("Remove wasm.modules.counter.wasi.stdin or correct its name.");
		});
	}

	@Test
	void anUnknownKeyOfAModuleFailsStartupNamingTheKeysThatExist() {
		this.contextRunner.withPropertyValues("wasm.modules.counter.max-memroy=1MB").run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.contains("'max-memroy' is not one of the settings under wasm.modules.counter (did you mean "
						+ "wasm.modules.counter.max-memory?), which are: abi, allowed-imports, extism, fuel, guest-frames, headers, instance-fuel, lazy, location, ")
				.contains("max-memory, max-table-elements, sha256, snapshot, timeout, wasi");
		});
	}

	@Test
	void aTypoOutsideAModuleFailsStartupNamingTheClosestSetting() {
		this.contextRunner.withPropertyValues("wasm.reload.enable=true").run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("Property 'wasm.reload.enable' is not a setting: "
					+ "'enable' is not one of the settings under wasm.reload (did you mean wasm.reload.enabled?), "
					+ "which are: debounce, enabled, poll-interval (see docs/configuration.md).");
			assertThat(analysis.getAction()).startsWith("Remove wasm.reload.enable or correct its name.");
		});
	}

	@Test
	void anUnknownTopLevelKeyFailsStartupNamingTheClosestSetting() {
		this.contextRunner.withPropertyValues("wasm.max-memroy=8MB")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("'max-memroy' is not one of the settings under wasm (did you mean wasm.max-memory?), "
						+ "which are: cache-dir, compile-timeout, engine, fuel, health, ")
				.contains("max-memory, max-module-size, max-table-elements, ",
						"modules, reload, shared-cache, timeout, ")
				.endsWith(", web (see docs/configuration.md)."));
	}

	@Test
	void aSystemPropertyUnderWasmThatIsNoSettingIsLeftToItsOwnerButAModuleTypoIsNot() {
		this.contextRunner.withSystemProperties("wasm.project.version=0.1.0")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withSystemProperties("wasm.modules.counter.max-memroy=1MB")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("did you mean wasm.modules.counter.max-memory?"));
	}

	@Test
	void anUnknownKeyUnderWebErrorsFailsStartup() {
		this.contextRunner.withPropertyValues("wasm.web.errors.enabld=false")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("did you mean wasm.web.errors.enabled?"));
	}

	@Test
	void anUnknownKeyOfAWasiDirectoryFailsStartup() {
		this.contextRunner
			.withPropertyValues("wasm.modules.counter.wasi.dirs[/data].path=/tmp",
					"wasm.modules.counter.wasi.dirs[/data].readonly-please=true")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("which are: path, read-only"));
	}

	@Test
	void everyDocumentedKindOfSettingIsAccepted() {
		this.contextRunner
			.withPropertyValues("wasm.modules.counter.timeout=0", "wasm.modules.counter.max-memory=1MB",
					"wasm.modules.counter.allowed-imports[0]=env", "wasm.modules.counter.wasi.args[0]=counter",
					"wasm.modules.counter.wasi.env.LANG=C", "wasm.modules.counter.wasi.stdout=discard",
					"wasm.modules.counter.wasi.capture-limit=1KB", "wasm.modules.counter.wasi.enabled=true",
					"wasm.modules.counter.extism.config.greeting=hi", "wasm.engine=compiler", "wasm.timeout=5s",
					"wasm.reload.enabled=false", "wasm.reload.poll-interval=1m", "wasm.web.errors.enabled=true",
					"wasm.health.reload-failure-status=UP")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("counter")) {
					assertThat(instance.call("increment")).isEqualTo(1);
				}
			});
	}

	@Test
	void theDefaultMemoryLimitBelowAModulesInitialMemoryFailsStartupNamingBothProperties() {
		this.contextRunner.withPropertyValues("wasm.max-memory=64KB").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new WasmModuleLoadFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getCause()).isInstanceOf(WasmModuleLoadException.class);
			assertThat(analysis.getDescription()).contains("default memory limit of 65536 bytes",
					"initial memory of 2 pages", "no room to grow");
			assertThat(analysis.getAction()).contains("wasm.modules.counter.max-memory", "wasm.max-memory");
		});
	}

	@Test
	void aUserDefinedRuntimeIsCheckedToo() {
		this.contextRunner.withUserConfiguration(OwnRuntime.class)
			.withPropertyValues("wasm.modules.counter.timeout=-1s")
			.run((context) -> assertThat(analysis(context.getStartupFailure()).getDescription())
				.contains("'wasm.modules.counter.timeout' has the value '-1s'"));
	}

	private void assertInvalid(String property, String value, String accepted) {
		this.contextRunner.withPropertyValues(property + "=" + value).run((context) -> {
			FailureAnalysis analysis = analysis(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.startsWith("Property '" + property + "' has the value '" + value + "', which is not accepted: ")
				.contains(accepted);
			assertThat(analysis.getAction()).startsWith("Set " + property + " to a value it accepts: " + accepted);
		});
	}

	private static FailureAnalysis analysis(Throwable startupFailure) {
		assertThat(startupFailure).isNotNull();
		FailureAnalysis analysis = new InvalidWasmPropertyFailureAnalyzer().analyze(startupFailure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRuntime {

		@Bean
		WasmRuntime ownRuntime() {
			return WasmRuntime.builder().build();
		}

	}

}
