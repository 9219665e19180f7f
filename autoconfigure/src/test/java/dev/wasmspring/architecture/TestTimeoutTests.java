package dev.wasmspring.architecture;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every module's tests have a default timeout, so that a hang fails the build in minutes instead of blocking it.
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
			try (Reader reader = Files.newBufferedReader(module.resolve("src/test/resources/junit-platform.properties"))) {
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
