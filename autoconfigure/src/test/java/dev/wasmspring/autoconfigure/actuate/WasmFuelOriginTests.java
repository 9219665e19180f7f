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

package dev.wasmspring.autoconfigure.actuate;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.wasmspring.autoconfigure.WasmModuleLoader;
import dev.wasmspring.autoconfigure.WasmModuleStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module with a fuel budget runs code compiled from its bytes rewritten to meter
 * themselves, cached under their own digest: its origin says where that code came from,
 * as for a module without fuel, while its digest stays that of its own bytes.
 */
@Timeout(60)
class WasmFuelOriginTests {

	@TempDir
	Path directory;

	@Test
	void aMeteredModulesOriginIsWhereItsMeteredCodeCameFrom() throws Exception {
		Path add = Files.write(this.directory.resolve("add.wasm"), WasmActuatorEndpointTests.testModule("add"));
		Path cacheDir = this.directory.resolve("cache");
		String[] properties = { "wasm.shared-cache=false", "wasm.cache-dir=" + cacheDir,
				"wasm.modules.add.location=file:" + add, "wasm.modules.add.fuel=100000",
				"spring.main.banner-mode=off" };
		try (ConfigurableApplicationContext context = start(properties)) {
			WasmModuleStatus status = context.getBean(WasmModuleLoader.class).status("add").orElseThrow();
			assertThat(status.origin()).isEqualTo(WasmModuleStatus.Origin.COMPILED);
			assertThat(status.digest()).isEqualTo(WasmActuatorEndpointTests.sha256(Files.readAllBytes(add)));
		}
		// a new application with the same disk cache: the metered code is read back
		try (ConfigurableApplicationContext context = start(properties)) {
			WasmModuleStatus status = context.getBean(WasmModuleLoader.class).status("add").orElseThrow();
			assertThat(status.origin()).isEqualTo(WasmModuleStatus.Origin.CACHE_DIRECTORY);
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
