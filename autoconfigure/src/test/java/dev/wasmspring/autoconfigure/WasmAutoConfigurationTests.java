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

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.wasmspring.runtime.TestModules;
import dev.wasmspring.runtime.WasmInstance;
import dev.wasmspring.runtime.WasmRuntime;
import dev.wasmspring.runtime.compile.CompilationCache;
import dev.wasmspring.runtime.exception.WasmModuleLoadException;
import dev.wasmspring.runtime.exception.WasmModuleNotFoundException;
import dev.wasmspring.runtime.exception.WasmTrapException;
import dev.wasmspring.runtime.module.WasmEngine;
import dev.wasmspring.runtime.module.WasmGuestFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WasmAutoConfiguration}.
 */
class WasmAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
		.withPropertyValues("wasm.shared-cache=false");

	@Test
	void propertyDefaultsAreThePlainRuntimeBuildersDefaults() {
		this.contextRunner.withPropertyValues("wasm.modules.loop.location=classpath:wasm/loop.wasm").run((context) -> {
			WasmRuntime configured = context.getBean(WasmRuntime.class);
			try (WasmRuntime plain = WasmRuntime.builder().build()) {
				plain.define(TestModules.definition("loop", "loop.wasm"));
				assertThat(configured.engine()).isEqualTo(plain.engine());
				assertThat(configured.timeout("loop")).isEqualTo(plain.timeout("loop")).isPositive();
				assertThat(configured.maxMemoryBytes("loop")).isEqualTo(plain.maxMemoryBytes("loop"))
					.isEqualTo(WasmRuntime.DEFAULT_MAX_MEMORY_BYTES);
			}
		});
	}

	@Test
	void callTimeMessagesNameTheConfigurationProperties() {
		this.contextRunner.withPropertyValues("wasm.modules.add.location=classpath:wasm/add.wasm").run((context) -> {
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			assertThat(runtime.settingNames().timeout("add")).isEqualTo("wasm.modules.add.timeout");
			assertThat(runtime.settingNames().maxMemory("add")).isEqualTo("wasm.modules.add.max-memory");
		});
	}

	@Test
	void defaultsGiveACompilerRuntimeWithoutModules() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WasmRuntime.class).hasSingleBean(WasmInstances.class);
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			assertThat(runtime.engine()).isEqualTo(WasmEngine.COMPILER);
			assertThat(runtime.moduleNames()).isEmpty();
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsRuntime() {
		this.contextRunner.withUserConfiguration(CustomRuntimeConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(WasmRuntime.class);
			assertThat(context.getBean(WasmRuntime.class)).isSameAs(context.getBean("customRuntime"));
			assertThat(context.getBean(WasmRuntime.class).engine()).isEqualTo(WasmEngine.INTERPRETER);
		});
	}

	@Test
	void configuredModulesAreLoadedAtStartupWithTheirLimits() {
		this.contextRunner
			.withPropertyValues("wasm.engine=interpreter", "wasm.timeout=3s", "wasm.max-memory=1MB",
					"wasm.modules.add.location=classpath:wasm/add.wasm",
					"wasm.modules.counter.location=classpath:wasm/counter.wasm", "wasm.modules.counter.timeout=250ms",
					"wasm.modules.counter.max-memory=256KB")
			.run((context) -> {
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				assertThat(runtime.engine()).isEqualTo(WasmEngine.INTERPRETER);
				assertThat(runtime.moduleNames()).containsExactly("add", "counter");
				assertThat(runtime.timeout("add")).isEqualTo(Duration.ofSeconds(3));
				assertThat(runtime.timeout("counter")).isEqualTo(Duration.ofMillis(250));
				assertThat(runtime.maxMemoryBytes("counter")).isEqualTo(256 * 1024);
				try (WasmInstance instance = runtime.newInstance("counter")) {
					assertThat(instance.call("fib", 20)).isEqualTo(6765L);
				}
			});
	}

	@Test
	void guestFramesAreSetPerModule() {
		this.contextRunner
			.withPropertyValues("wasm.modules.traps.location=classpath:wasm/traps.wasm",
					"wasm.modules.traps.guest-frames=names", "wasm.modules.add.location=classpath:wasm/add.wasm")
			.run((context) -> {
				WasmRuntime runtime = context.getBean(WasmRuntime.class);
				assertThat(runtime.definition("traps").guestFrames()).isEqualTo(WasmGuestFrames.NAMES);
				assertThat(runtime.definition("add").guestFrames()).isEqualTo(WasmGuestFrames.LINES);
				try (WasmInstance instance = runtime.newInstance("traps")) {
					WasmTrapException trap = assertThatExceptionOfType(WasmTrapException.class)
						.isThrownBy(() -> instance.call("div_by_zero", 0))
						.actual();
					// traps.wat names no function: the frame gives its index
					assertThat(trap.getStackTrace()[0].getClassName()).isEqualTo("wasm.traps");
					assertThat(trap.getStackTrace()[0].getMethodName()).matches("func\\[\\d+\\]");
				}
			});
	}

	@Test
	void aModuleWithoutLocationIsLookedForUnderClasspathWasm() {
		this.contextRunner.withPropertyValues("wasm.modules.stateful.timeout=1s").run((context) -> {
			try (WasmInstance instance = context.getBean(WasmRuntime.class).newInstance("stateful")) {
				assertThat(instance.call("table_size")).isEqualTo(2);
			}
		});
	}

	@Test
	void aPinnedDigestThatMatchesLoadsTheModule() {
		this.contextRunner
			.withPropertyValues("wasm.modules.add.location=classpath:wasm/add.wasm",
					"wasm.modules.add.sha256=" + digestOf("add.wasm").toUpperCase())
			.run((context) -> assertThat(context.getBean(WasmRuntime.class).moduleNames()).containsExactly("add"));
	}

	@Test
	void eachModuleHasAPrototypeInstanceBeanQualifiedWithItsName() {
		this.contextRunner
			.withPropertyValues("wasm.modules.counter.location=classpath:wasm/counter.wasm",
					"wasm.modules.add.location=classpath:wasm/add.wasm")
			.withUserConfiguration(CounterClient.class)
			.run((context) -> {
				CounterClient client = context.getBean(CounterClient.class);
				try (WasmInstance first = client.counter.getObject();
						WasmInstance second = client.counter.getObject()) {
					assertThat(first).isNotSameAs(second);
					assertThat(first.moduleName()).isEqualTo("counter");
					assertThat(first.call("increment")).isEqualTo(1);
					assertThat(first.call("increment")).isEqualTo(2);
					assertThat(second.call("increment")).isEqualTo(1);
				}
				try (WasmInstance withAttributes = context.getBean(WasmInstances.class)
					.create("counter", Map.of("tenant", "acme"))) {
					assertThat(withAttributes.attributes().get("tenant")).isEqualTo("acme");
				}
				assertThat(context.getBean(WasmRuntime.class).statistics().liveInstances()).isZero();
			});
	}

	@Test
	void aSingletonAskingForAnInstanceInItsConstructorIsToldWhenModulesAreLoaded() {
		this.contextRunner.withPropertyValues("wasm.modules.counter.location=classpath:wasm/counter.wasm")
			.withUserConfiguration(EagerCounterClient.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(WasmModuleNotFoundException.class)
					.hasMessageContaining(
							"'counter' is expected but not defined yet: it is configured under " + "wasm.modules")
					.hasMessageContaining("ObjectProvider.getObject()");
			});
	}

	@Test
	void aMissingModuleFileFailsStartupWithAnAnalysisNamingModuleLocationAndFix() {
		this.contextRunner.withPropertyValues("wasm.modules.greeter.location=classpath:wasm/nope.wasm")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new WasmModuleLoadFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'greeter'", "classpath:wasm/nope.wasm",
						"cannot be read");
				assertThat(analysis.getAction()).contains("Check wasm.modules.greeter.location");
			});
	}

	@Test
	void aDigestMismatchFailsStartupNamingBothDigests() {
		String wrong = "0".repeat(64);
		this.contextRunner
			.withPropertyValues("wasm.modules.add.location=classpath:wasm/add.wasm", "wasm.modules.add.sha256=" + wrong)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(WasmModuleLoadException.class)
					.hasMessageContaining(wrong)
					.hasMessageContaining(digestOf("add.wasm"));
				FailureAnalysis analysis = new WasmModuleLoadFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).contains("set wasm.modules.add.sha256=" + digestOf("add.wasm"));
			});
	}

	@Test
	void twoContextsSharingTheCacheCompileTheSameModuleOnce() {
		CompilationCache cache = CompilationCache.create();
		ApplicationContextRunner sharingOne = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
			.withBean(CompilationCache.class, () -> cache)
			.withPropertyValues("wasm.modules.counter.location=classpath:wasm/counter.wasm");
		sharingOne.run((first) -> sharingOne.run((second) -> {
			String digest = first.getBean(WasmRuntime.class).statistics().modules().get("counter");
			assertThat(second.getBean(WasmRuntime.class).compilationCache()).isSameAs(cache);
			assertThat(cache.compilations(digest)).isEqualTo(1);
		}));
		assertThat(cache.size()).isZero();
	}

	@Test
	void aCacheDirectoryKeepsCompiledModulesForTheNextStart(@TempDir Path directory) {
		ApplicationContextRunner withDirectory = this.contextRunner.withPropertyValues("wasm.cache-dir=" + directory,
				"wasm.modules.counter.location=classpath:wasm/counter.wasm");
		withDirectory.run((context) -> {
			CompilationCache cache = context.getBean(WasmRuntime.class).compilationCache();
			assertThat(cache.codeDirectory()).startsWith(directory);
			assertThat(cache.compilations(context.getBean(WasmRuntime.class).statistics().modules().get("counter")))
				.isEqualTo(1);
		});
		withDirectory.run((context) -> {
			WasmRuntime runtime = context.getBean(WasmRuntime.class);
			String digest = runtime.statistics().modules().get("counter");
			assertThat(runtime.compilationCache().compilations(digest)).isZero();
			assertThat(runtime.compilationCache().directoryLoads(digest)).isEqualTo(1);
			try (WasmInstance instance = runtime.newInstance("counter")) {
				assertThat(instance.call("increment")).isEqualTo(1);
			}
		});
	}

	@Test
	void inAServletApplicationEachRequestGetsItsOwnInstanceClosedWhenTheRequestEnds() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(WasmAutoConfiguration.class))
			.withPropertyValues("wasm.modules.counter.location=classpath:wasm/counter.wasm")
			.run((context) -> {
				WasmInstances requestInstances = context.getBean(WasmInstances.class);
				MockHttpServletRequest request = new MockHttpServletRequest("GET", "/quote");
				ServletRequestAttributes attributes = new ServletRequestAttributes(request);
				RequestContextHolder.setRequestAttributes(attributes);
				WasmInstance instance;
				try {
					instance = requestInstances.current("counter");
					assertThat(instance.call("increment")).isEqualTo(1);
					assertThat(requestInstances.current("counter")).isSameAs(instance);
					assertThat(requestInstances.current("counter").call("increment")).isEqualTo(2);
					assertThat(instance.attributes().get(WasmInstances.REQUEST_ATTRIBUTE)).isSameAs(request);
				}
				finally {
					attributes.requestCompleted();
					RequestContextHolder.resetRequestAttributes();
				}
				assertThat(instance.isOpen()).isFalse();
				assertThat(context.getBean(WasmRuntime.class).statistics().liveInstances()).isZero();
			});
	}

	private static String digestOf(String file) {
		try (WasmRuntime runtime = WasmRuntime.builder().withCompilationCache(CompilationCache.create()).build();
				var module = runtime.compile(dev.wasmspring.runtime.TestModules.bytes(file))) {
			return module.digest();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRuntimeConfiguration {

		@Bean
		WasmRuntime customRuntime() {
			return WasmRuntime.builder()
				.withEngine(WasmEngine.INTERPRETER)
				.withCompilationCache(CompilationCache.create())
				.build();
		}

	}

	static class EagerCounterClient {

		EagerCounterClient(@Qualifier("counter") ObjectProvider<WasmInstance> counter) {
			counter.getObject().close();
		}

	}

	static class CounterClient {

		final ObjectProvider<WasmInstance> counter;

		CounterClient(@Qualifier("counter") ObjectProvider<WasmInstance> counter) {
			this.counter = counter;
		}

	}

}
