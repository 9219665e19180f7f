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
 * one run: JMH first, then the single-shot harnesses ({@link HarnessRuns#STANDARD}), each
 * in a fresh JVM of its own.
 * <p>
 * Arguments: {@code --results <RESULTS.md>} (where the report goes),
 * {@code --json <file>} (JMH's JSON results, also read back for the report),
 * {@code --harness-json <file>} (the harnesses' figures; by default
 * {@code harness-result.json} beside JMH's), {@code --no-harnesses} (JMH only, for quick
 * runs), {@code --harnesses-only} (the harnesses only), {@code --render-only} (skip
 * running, rebuild the report from both existing JSON files and their run descriptions),
 * and then any JMH command-line options and benchmark name patterns, for example
 * {@code -f 1 -wi 1 -i 2 HostCall}. The GC profiler is always on: the report shows the
 * bytes each operation allocates.
 */
public final class BenchmarkSuite {

	private BenchmarkSuite() {
	}

	public static void main(String[] args) throws Exception {
		Path results = Path.of("RESULTS.md");
		Path json = Path.of("target", "jmh-result.json");
		Path harnessJson = null;
		boolean renderOnly = false;
		boolean jmh = true;
		boolean harnesses = true;
		List<String> jmhArgs = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--results" -> results = Path.of(args[++i]);
				case "--json" -> json = Path.of(args[++i]);
				case "--harness-json" -> harnessJson = Path.of(args[++i]);
				case "--render-only" -> renderOnly = true;
				case "--no-harnesses" -> harnesses = false;
				case "--harnesses-only" -> jmh = false;
				default -> {
					if (!args[i].isBlank()) {
						jmhArgs.add(args[i]);
					}
				}
			}
		}
		if (harnessJson == null) {
			harnessJson = json.resolveSibling("harness-result.json");
		}
		Path runDescription = RunDescription.pathFor(json);
		String revision = RunDescription.sourceRevision();
		if (!renderOnly && jmh) {
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
						RunDescription.loadAverage(), revision)
				.write(runDescription);
		}
		if (!renderOnly && harnesses) {
			Instant start = Instant.now();
			String loadBefore = RunDescription.loadAverage();
			int failed = HarnessRuns.run(HarnessRuns.STANDARD, harnessJson, System.out);
			RunDescription
				.capture(HarnessRuns.describe(HarnessRuns.STANDARD), start, Duration.between(start, Instant.now()),
						loadBefore, RunDescription.loadAverage(), revision)
				.write(RunDescription.pathFor(harnessJson));
			if (failed > 0) {
				System.out.println(failed + " harness(es) failed or ran past their bound: see the report");
			}
		}
		List<ResultsReport.Entry> entries = Files.exists(json) ? ResultsReport.read(json) : List.of();
		String report = ResultsReport.render(entries, RunDescription.read(runDescription),
				HarnessReport.read(harnessJson));
		Files.writeString(results, report);
		System.out.println("Wrote " + results.toAbsolutePath());
	}

}
