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

	private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\w+\\.java) -->\\n```java\\n(.*?)\\n```",
			Pattern.DOTALL);

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
