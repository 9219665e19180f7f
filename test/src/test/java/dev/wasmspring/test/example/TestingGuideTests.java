package dev.wasmspring.test.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of {@code docs/testing.md} are these tests, as they are.
 */
class TestingGuideTests {

	private static final Pattern EXAMPLE = Pattern
		.compile("<!-- example: (\\w+\\.java) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

	private static final Path SOURCES = Path.of("src/test/java/dev/wasmspring/test/example");

	@Test
	void everyExampleIsTheTestItNamesFromItsClassJavadocOn() throws IOException {
		String guide = Files.readString(Path.of("../docs/testing.md"));
		Matcher examples = EXAMPLE.matcher(guide);
		int count = 0;
		while (examples.find()) {
			assertThat(examples.group(2)).as(examples.group(1)).isEqualTo(afterImports(examples.group(1)));
			count++;
		}
		assertThat(count).isEqualTo(7);
	}

	private static String afterImports(String file) throws IOException {
		List<String> lines = Files.readAllLines(SOURCES.resolve(file));
		int lastImport = 0;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith("import ")) {
				lastImport = i;
			}
		}
		return String.join("\n", lines.subList(lastImport + 1, lines.size())).strip();
	}

}
