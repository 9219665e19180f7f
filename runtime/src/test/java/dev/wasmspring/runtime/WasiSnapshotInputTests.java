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

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wasmspring.runtime.module.WasmSnapshot;
import dev.wasmspring.runtime.wasi.WasiConfig;
import dev.wasmspring.runtime.wasi.WasiInstanceOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot never carries the module's environment, arguments or standard input into an
 * instance given its own: a module that reads them while it initialises (a C library
 * reading {@code environ}, a plugin reading its configuration) has them in the snapshot's
 * memory, so an instance with inputs of its own initialises itself and sees only those;
 * instances without start from the snapshot and see the module's, as they would anyway.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WasiSnapshotInputTests {

	private final WasmRuntime runtime = WasmRuntime.builder().build();

	private final ListAppender<ILoggingEvent> runtimeLog = new ListAppender<>();

	@BeforeEach
	void defineModuleWithASecret() {
		this.runtimeLog.start();
		((Logger) LoggerFactory.getLogger(WasmRuntime.class)).addAppender(this.runtimeLog);
		this.runtime.define(TestModules.definition("config", "wasi-config-reactor.wasm")
			.withWasi(WasiConfig.enabled()
				.withArguments(List.of("config", "--module-default"))
				.withEnvironment(Map.of("SECRET", "s3cret", "TENANT", "module-default")))
			.withSnapshot(WasmSnapshot.AFTER_INITIALIZE));
	}

	@AfterEach
	void close() {
		((Logger) LoggerFactory.getLogger(WasmRuntime.class)).detachAppender(this.runtimeLog);
		this.runtime.close();
	}

	@Test
	void anInstanceGivenItsOwnEnvironmentNeverSeesTheModulesSecret() {
		try (WasmInstance tenant = this.runtime.newInstance("config", Map.of(),
				WasiInstanceOptions.none().withEnvironment(Map.of("TENANT", "tenant-a")))) {
			assertThat(tenant.callText("environment", "")).isEqualTo("TENANT=tenant-a;");
		}
		// an instance without inputs of its own starts from the snapshot, with the
		// module's environment
		try (WasmInstance plain = this.runtime.newInstance("config")) {
			assertThat(plain.callText("environment", "")).contains("SECRET=s3cret;", "TENANT=module-default;");
		}
	}

	@Test
	void anInstanceGivenItsOwnArgumentsOrStdinSeesThoseOnly() {
		try (WasmInstance own = this.runtime.newInstance("config", Map.of(),
				WasiInstanceOptions.none().withArguments(List.of("config", "--tenant-b")).withStdin("tenant input"))) {
			assertThat(own.callText("arguments", "")).isEqualTo("config;--tenant-b;");
			assertThat(own.callText("stdin_at_start", "")).isEqualTo("tenant input");
			// the environment it was not given is the module's, as it would be without a
			// snapshot
			assertThat(own.callText("environment", "")).contains("SECRET=s3cret;");
		}
		try (WasmInstance plain = this.runtime.newInstance("config")) {
			assertThat(plain.callText("arguments", "")).isEqualTo("config;--module-default;");
			assertThat(plain.callText("stdin_at_start", "")).isEmpty();
		}
	}

	@Test
	void theLoadSaysWhichInputsTheSnapshotRunRead() {
		assertThat(this.runtimeLog.list).map(ILoggingEvent::getFormattedMessage)
			.contains("WASM module 'config' read its [arguments, environment, standard input] while its snapshot was "
					+ "taken: instances given their own start without the snapshot and initialise themselves, so that "
					+ "they see only their own");
	}

}
