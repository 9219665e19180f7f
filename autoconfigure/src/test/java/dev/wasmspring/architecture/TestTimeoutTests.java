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

package dev.wasmspring.architecture;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every module's tests have a default timeout, so that a hang fails the build in minutes
 * instead of blocking it.
 */
@ExtendWith(TestTimeoutTests.ConfigurationParameters.class)
class TestTimeoutTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	@Test
	void everyModuleWithTestsSetsADefaultTimeout() throws IOException {
		List<Path> modules;
		try (Stream<Path> children = Files.list(ROOT)) {
			modules = children.filter((child) -> Files.isDirectory(child.resolve("src/test/java"))).toList();
		}
		assertThat(modules).extracting((module) -> module.getFileName().toString())
			.contains("runtime", "autoconfigure", "test", "integration-tests");
		assertThat(modules).allSatisfy((module) -> {
			Properties properties = new Properties();
			try (Reader reader = Files
				.newBufferedReader(module.resolve("src/test/resources/junit-platform.properties"))) {
				properties.load(reader);
			}
			assertThat(properties.getProperty("junit.jupiter.execution.timeout.default")).as("timeout of %s", module)
				.isEqualTo("2 m");
		});
	}

	@Test
	void theDefaultTimeoutIsInEffectForThisModulesTests(String timeout) {
		assertThat(timeout).isEqualTo("2 m");
	}

	/** Hands a test the configuration parameter JUnit runs it with. */
	static class ConfigurationParameters implements ParameterResolver {

		@Override
		public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
			return parameter.getParameter().getType() == String.class;
		}

		@Override
		public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
			return context.getConfigurationParameter("junit.jupiter.execution.timeout.default").orElse("none");
		}

	}

}
