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

package dev.wasmspring.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks and writes their Markdown report, every ratio computed from this
 * one run.
 * <p>
 * Arguments: {@code --results <RESULTS.md>} (where the report goes),
 * {@code --json <file>} (JMH's JSON results, also read back for the report),
 * {@code --render-only} (skip running, rebuild the report from an existing JSON file and
 * its run description), and then any JMH command-line options and benchmark name
 * patterns, for example {@code -f 1 -wi 1 -i 2 HostCall}. The GC profiler is always on:
 * the report shows the bytes each operation allocates.
 */
public final class BenchmarkSuite {

	private BenchmarkSuite() {
	}

	public static void main(String[] args) throws Exception {
		Path results = Path.of("RESULTS.md");
		Path json = Path.of("target", "jmh-result.json");
		boolean renderOnly = false;
		List<String> jmhArgs = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--results" -> results = Path.of(args[++i]);
				case "--json" -> json = Path.of(args[++i]);
				case "--render-only" -> renderOnly = true;
				default -> {
					if (!args[i].isBlank()) {
						jmhArgs.add(args[i]);
					}
				}
			}
		}
		Path runDescription = RunDescription.pathFor(json);
		if (!renderOnly) {
			Files.createDirectories(json.toAbsolutePath().getParent());
			Instant start = Instant.now();
			String loadBefore = RunDescription.loadAverage();
			Options options = new OptionsBuilder().parent(new CommandLineOptions(jmhArgs.toArray(new String[0])))
				.resultFormat(ResultFormatType.JSON)
				.result(json.toString())
				.addProfiler(GCProfiler.class)
				.build();
			new Runner(options).run();
			RunDescription
				.capture(String.join(" ", jmhArgs), start, Duration.between(start, Instant.now()), loadBefore,
						RunDescription.loadAverage())
				.write(runDescription);
		}
		String report = ResultsReport.render(ResultsReport.read(json), RunDescription.read(runDescription));
		Files.writeString(results, report);
		System.out.println("Wrote " + results.toAbsolutePath());
	}

}
