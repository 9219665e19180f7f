package dev.wasmspring.runtime;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime core and the host binding must work without Spring: no compiled class of theirs refers to a
 * Spring type.
 */
class SpringFreeCoreTests {

	@ParameterizedTest
	@ValueSource(strings = { "dev/wasmspring/runtime", "dev/wasmspring/host" })
	void noClassOfThePackageRefersToSpring(String packagePath) throws IOException, URISyntaxException {
		Path classes = Path.of(WasmRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path directory = classes.resolve(packagePath);
		List<Path> classFiles;
		try (Stream<Path> files = Files.list(directory)) {
			classFiles = files.filter((file) -> file.toString().endsWith(".class")).toList();
		}
		assertThat(classFiles).isNotEmpty();
		for (Path classFile : classFiles) {
			// class names in the constant pool are stored as UTF-8 internal names
			String constants = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
			assertThat(constants).as(classFile.getFileName().toString()).doesNotContain("org/springframework");
		}
	}

}
