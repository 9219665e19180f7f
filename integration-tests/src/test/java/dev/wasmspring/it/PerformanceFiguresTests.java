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

package dev.wasmspring.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every measured figure the guides quote is one of benchmarks/RESULTS.md: a score or
 * ratio with its uncertainty ({@code 1.15 ± 0.79}) on any page, and on the performance
 * page also every number of bytes ({@code 6016 B}, {@code 259.9 KiB}), which there are
 * bytes allocated per request. When the results are regenerated, this lists the sentences
 * to update.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class PerformanceFiguresTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final Pattern WITH_UNCERTAINTY = Pattern.compile("\\d[\\d.]* ± \\d[\\d.]*");

	private static final Pattern BYTES = Pattern.compile("\\b\\d[\\d.]* (?:B|KiB)\\b");

	@Test
	void everyFigureInTheDocsIsOneOfTheBenchmarkResults() throws IOException {
		String results = Files.readString(ROOT.resolve("benchmarks/RESULTS.md"));
		List<String> missing = new ArrayList<>();
		int quoted = 0;
		try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
			for (Path page : pages.filter((p) -> p.toString().endsWith(".md")).sorted().toList()) {
				String text = Files.readString(page);
				List<Pattern> patterns = page.getFileName().toString().equals("performance.md")
						? List.of(WITH_UNCERTAINTY, BYTES) : List.of(WITH_UNCERTAINTY);
				for (Pattern pattern : patterns) {
					Matcher figure = pattern.matcher(text);
					while (figure.find()) {
						quoted++;
						if (!results.contains(figure.group())) {
							missing.add(page.getFileName() + ": " + figure.group());
						}
					}
				}
			}
		}
		assertThat(quoted).as("figures quoted in docs/").isGreaterThan(10);
		assertThat(missing).as("figures in docs/ that benchmarks/RESULTS.md does not contain").isEmpty();
	}

	@Test
	void aFigureThatIsNotInTheResultsIsFound() {
		Matcher figure = WITH_UNCERTAINTY.matcher("a few percent, say 1.01 ± 0.01");
		assertThat(figure.find()).isTrue();
		assertThat(figure.group()).isEqualTo("1.01 ± 0.01");
		assertThat(BYTES.matcher("allocates 6016 B per request").find()).isTrue();
	}

}
